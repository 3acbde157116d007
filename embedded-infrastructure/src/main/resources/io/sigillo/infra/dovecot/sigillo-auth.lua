-- Dovecot's passdb for Sigillo (ADR 0026): asks the delivery point who may log in, over HTTP with Dovecot's own
-- client. Written by DovecotServer, which fills in the ${...} values.
local BASE = "${authUrl}"
local KEY = "${authKey}"
local client

local function encoded(value)
  return (tostring(value or ""):gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- The delivery point answers key=value lines: Dovecot's extra fields (the canonical user, the quota).
local function fields(payload)
  local result = {}
  for line in (payload or ""):gmatch("[^\r\n]+") do
    local key, value = line:match("^([%w_]+)=(.*)$")
    if key then
      result[key] = value
    end
  end
  return result
end

local function post(path, form)
  local body = {}
  for key, value in pairs(form) do
    body[#body + 1] = key .. "=" .. encoded(value)
  end
  local request = client:request({ url = BASE .. path, method = "POST" })
  request:add_header("Authorization", "Bearer " .. KEY)
  request:add_header("Content-Type", "application/x-www-form-urlencoded")
  request:set_payload(table.concat(body, "&"))
  local response = request:submit()
  return response:status(), response:payload()
end

function script_init()
  client = dovecot.http.client({
    request_timeout_msecs = 10000,
    connect_timeout_msecs = 2000,
    max_attempts = 1,
    user_agent = "dovecot-sigillo",
  })
  return 0
end

function script_deinit()
end

-- A mailbox looked up without its password: a master login (the delivery point) names an existing mailbox only.
function auth_passdb_lookup(req)
  local status, payload = post("/internal/v1/dovecot/lookups", { user = req.user })
  if status == 200 then
    local result = fields(payload)
    result.nopassword = "y"
    return dovecot.auth.PASSDB_RESULT_OK, result
  elseif status == 404 then
    return dovecot.auth.PASSDB_RESULT_USER_UNKNOWN, "no such mailbox"
  end
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "delivery point answered " .. tostring(status)
end

-- A client certificate (SASL EXTERNAL, ADR 0028): Dovecot checked it against the trusted CAs and made its common
-- name the user; the delivery point says which mailbox, if any, a certificate of that name is bound to.
local function certificate_login(req)
  if req:var_expand("%{cert}") ~= "valid" then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "no valid client certificate"
  end
  local status, payload = post("/internal/v1/dovecot/certificate-logins", { ["common-name"] = req.user })
  if status == 200 then
    return dovecot.auth.PASSDB_RESULT_OK, fields(payload)
  elseif status == 401 then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "no mailbox is bound to this certificate"
  end
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "delivery point answered " .. tostring(status)
end

function auth_password_verify(req, password)
  if req.skip_password_check then
    -- The master user's password was checked already; the mailbox must still exist.
    return auth_passdb_lookup(req)
  end
  if req:var_expand("%{mech}") == "EXTERNAL" then
    return certificate_login(req)
  end
  local status, payload = post("/internal/v1/dovecot/logins", {
    user = req.user, password = password, service = req.service, rip = req.remote_ip,
  })
  if status == 200 then
    return dovecot.auth.PASSDB_RESULT_OK, fields(payload)
  elseif status == 401 then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "refused by the delivery point"
  end
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "delivery point answered " .. tostring(status)
end
