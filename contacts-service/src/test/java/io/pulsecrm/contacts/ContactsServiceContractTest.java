package io.pulsecrm.contacts;

import io.pulsecrm.platform.test.ServiceContractTest;

class ContactsServiceContractTest extends ServiceContractTest {
}
