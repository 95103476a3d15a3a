package io.pulsecrm.automation.waits;

import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.automation.runs.RunDispatcher;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Durable waits: a parked run is only a document with {@code status: waiting} and {@code resumeAt}. Every
 * {@code pulse.automation.runs.poll-interval} one replica (a ShedLock lease, {@code automation-runs}) looks for
 * runs whose time has come, and runs that are pending or were left behind by a replica that died, and dispatches
 * them; each is claimed with an atomic update, so exactly one replica resumes it. Nothing is held in memory, so a
 * wait survives restarts, and after downtime the due runs resume at once (late, never lost).
 */
@Configuration(proxyBeanMethods = false)
class ResumeSchedule {

    static final String JOB_NAME = "automation-runs";

    @Bean
    LeasedJob automationRunsJob(LeasedJobs jobs, RunDispatcher dispatcher, AutomationProperties properties) {
        return jobs.every(properties.runs().pollInterval(), JOB_NAME, dispatcher::dispatchClaimable);
    }
}
