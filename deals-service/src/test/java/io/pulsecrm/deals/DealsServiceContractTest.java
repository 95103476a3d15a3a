package io.pulsecrm.deals;

import io.pulsecrm.platform.test.ServiceContractTest;

class DealsServiceContractTest extends ServiceContractTest {
}
