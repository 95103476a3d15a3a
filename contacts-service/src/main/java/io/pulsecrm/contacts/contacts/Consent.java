package io.pulsecrm.contacts.contacts;

/** Consent flags; null means "not asked". */
public record Consent(Boolean emailMarketing, Boolean smsMarketing, Boolean phoneCalls) {
}
