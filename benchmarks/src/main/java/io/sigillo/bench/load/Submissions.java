package io.sigillo.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * alice submits messages over the REST API, as a mail frontend does: either a fixed number of clients each sending
 * one after the other (closed loop) or at a fixed rate whatever the answers (open loop, so a slow platform shows as
 * latency rather than as fewer submissions). Each accepted message is remembered with the instant it was meant to
 * be sent.
 */
final class Submissions {

    static final String SENDER = "alice@pec.alpha.example";
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((SENDER + ":alice-demo").getBytes(StandardCharsets.UTF_8));
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ORIGINAL_ID = Pattern.compile("\"originalMessageId\"\\s*:\\s*\"([^\"]+)\"");

    /** An accepted message: the Message-ID its receipts will name, and when it was submitted. */
    record Submitted(String originalMessageId, Instant at) {
    }

    private final HttpClient http;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Submitted> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();
    private final String text;
    private final byte[] file;
    private final String attachment;
    private final MailClients smtp;

    /** Submissions over REST, or over SMTP as alice's mail client when {@code smtp} is not null. */
    Submissions(HttpClient http, Clock clock, int textBytes, int attachmentBytes, MailClients smtp) {
        this.http = http;
        this.clock = clock;
        this.text = "Gentile destinatario, ecco l'offerta. ".repeat(Math.max(1, textBytes / 38));
        this.file = new byte[attachmentBytes];
        new Random(attachmentBytes).nextBytes(file);
        this.attachment = Base64.getEncoder().encodeToString(file);
        this.smtp = smtp;
    }

    Submissions(HttpClient http, Clock clock, int textBytes, int attachmentBytes) {
        this(http, clock, textBytes, attachmentBytes, null);
    }

    /** {@code count} messages to {@code recipient} from {@code clients} clients, each waiting for its answer. */
    void closedLoop(String recipient, int count, int clients) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            if (smtp != null) {
                pool.submit(() -> overSmtp(recipient, left));
                continue;
            }
            pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    Instant at = clock.instant();
                    try {
                        record(at, http.send(request(List.of(recipient), null), HttpResponse.BodyHandlers.ofString()));
                    } catch (IOException e) {
                        refused.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("the submissions did not finish within an hour");
        }
    }

    /** One SMTP client's share of a closed loop: its messages over one session, each after the previous reply. */
    private void overSmtp(String recipient, AtomicInteger left) {
        MailClients.Submitter client = null;
        try {
            while (left.getAndDecrement() > 0) {
                Instant at = clock.instant();
                try {
                    if (client == null) {
                        client = smtp.new Submitter();
                    }
                    String[] accepted = client.send(recipient, "Carico " + sequence.incrementAndGet(), text, file);
                    if (accepted == null) {
                        refused.computeIfAbsent(250, k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        this.accepted.put(accepted[0], new Submitted(accepted[1], at));
                    }
                } catch (jakarta.mail.MessagingException e) {
                    // A refusal or a dropped session: counted by its reply code (0 for none), and a new session.
                    int code = e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException failed
                            ? failed.getReturnCode() : 0;
                    refused.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    client = closed(client);
                }
            }
        } finally {
            closed(client);
        }
    }

    private static MailClients.Submitter closed(MailClients.Submitter client) {
        if (client != null) {
            try {
                client.close();
            } catch (jakarta.mail.MessagingException e) {
                // Closing a session that failed: nothing more to learn.
            }
        }
        return null;
    }

    /** {@code count} messages to {@code recipient} at {@code perSecond}, sent on schedule whatever the answers. */
    void openLoop(String recipient, int count, double perSecond) {
        if (smtp != null) {
            throw new IllegalArgumentException("SMTP submissions run as a closed loop only: a mail client waits for "
                    + "each reply");
        }
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            // Latency counts from when the message was due, so a platform that answers late is not excused.
            Instant dueAt = startedAt.plusNanos(due - start);
            answers.add(http.sendAsync(request(List.of(recipient), null), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((answer, failure) -> {
                        if (failure != null) {
                            refused.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            record(dueAt, answer);
                        }
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    /**
     * Messages to {@code recipients} at {@code perSecond} for as long as {@code more} says, each one carried through
     * whatever fails: a request without an answer, a 5xx, a 409 (the first attempt still in progress) or a 429 is sent
     * again with the same Idempotency-Key every second, so a message is accepted once however often it is retried,
     * until it is accepted, refused for good (another 4xx) or {@code giveUpAfter} has passed. Returns when every
     * message has ended one way or the other.
     */
    void persistent(List<String> recipients, double perSecond, BooleanSupplier more, Duration giveUpAfter)
            throws InterruptedException {
        ExecutorService senders = Executors.newCachedThreadPool();
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        for (int i = 0; more.getAsBoolean(); i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            Instant dueAt = startedAt.plusNanos(due - start);
            HttpRequest request = request(recipients, UUID.randomUUID().toString());
            senders.submit(() -> carryThrough(request, dueAt, giveUpAfter));
        }
        senders.shutdown();
        if (!senders.awaitTermination(giveUpAfter.toMinutes() + 5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("submissions still running after " + giveUpAfter);
        }
    }

    private void carryThrough(HttpRequest request, Instant dueAt, Duration giveUpAfter) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        while (true) {
            int status;
            HttpResponse<String> answer = null;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean worthRetrying = status == 0 || status >= 500 || status == 409 || status == 429;
            if (!worthRetrying) {
                record(dueAt, answer);
                return;
            }
            if (System.nanoTime() > deadline) {
                givenUp.incrementAndGet();
                return;
            }
            retries.incrementAndGet();
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Requests sent again after a failure (persistent submissions only). */
    int retries() {
        return retries.get();
    }

    /** Messages still without a final answer when their time ran out (persistent submissions only). */
    int givenUp() {
        return givenUp.get();
    }

    /** The accepted messages by PEC identifier. */
    Map<String, Submitted> accepted() {
        return Map.copyOf(accepted);
    }

    /** Answers other than 202, by status (0 for no answer at all). */
    Map<Integer, Integer> refused() {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        refused.forEach((status, n) -> counts.put(status, n.get()));
        return counts;
    }

    private void record(Instant submittedAt, HttpResponse<String> answer) {
        Matcher id = MESSAGE_ID.matcher(answer.body());
        Matcher original = ORIGINAL_ID.matcher(answer.body());
        if (answer.statusCode() == 202 && id.find() && original.find()) {
            accepted.put(id.group(1), new Submitted(original.group(1), submittedAt));
        } else {
            refused.computeIfAbsent(answer.statusCode(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private HttpRequest request(List<String> recipients, String idempotencyKey) {
        Map<String, Object> message = Map.of(
                "to", recipients,
                "subject", "Carico " + sequence.incrementAndGet(),
                "text", text,
                "attachments", List.of(Map.of("filename", "offerta.pdf", "contentType", "application/pdf",
                        "contentBase64", attachment)));
        HttpRequest.Builder request = HttpRequest.newBuilder(Platform.SUBMISSIONS);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.timeout(Duration.ofMinutes(2))
                .header("Authorization", AUTHORIZATION)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)))
                .build();
    }
}
