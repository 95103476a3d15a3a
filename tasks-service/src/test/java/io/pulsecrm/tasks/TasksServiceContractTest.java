package io.pulsecrm.tasks;

import io.pulsecrm.platform.test.ServiceContractTest;

class TasksServiceContractTest extends ServiceContractTest {
}
