package io.sigillo.support.credentials;

/** Counts kept in one instance's memory. */
class InMemoryLoginFailuresTest extends LoginFailuresContract {

    private final LoginFailures store = new InMemoryLoginFailures();

    @Override
    LoginFailures store() {
        return store;
    }
}
