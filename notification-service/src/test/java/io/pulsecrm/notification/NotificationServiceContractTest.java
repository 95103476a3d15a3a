package io.pulsecrm.notification;

import io.pulsecrm.platform.test.ServiceContractTest;

class NotificationServiceContractTest extends ServiceContractTest {
}
