package io.pulsecrm.automation;

import io.pulsecrm.platform.test.ServiceContractTest;

class AutomationServiceContractTest extends ServiceContractTest {
}
