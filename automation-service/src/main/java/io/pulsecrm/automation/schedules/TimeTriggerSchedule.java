package io.pulsecrm.automation.schedules;

import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Fires date triggers and cron schedules every {@code schedules.poll-interval}, on one replica at a time. */
@Configuration(proxyBeanMethods = false)
class TimeTriggerSchedule {

    static final String JOB_NAME = "automation-time-triggers";

    @Bean
    LeasedJob automationTimeTriggersJob(LeasedJobs jobs, TimeTriggers triggers, AutomationProperties properties) {
        return jobs.every(properties.schedules().pollInterval(), JOB_NAME, triggers::fireDue);
    }
}
