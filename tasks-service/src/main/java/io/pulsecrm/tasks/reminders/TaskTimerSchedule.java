package io.pulsecrm.tasks.reminders;

import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Polls for due reminders and overdue tasks every {@code pulse.tasks.timers.poll-interval}, on one replica at a time. */
@Configuration(proxyBeanMethods = false)
class TaskTimerSchedule {

    @Bean
    LeasedJob taskTimersJob(LeasedJobs jobs, TaskTimerJob timers, TasksProperties properties) {
        return jobs.every(properties.timers().pollInterval(), TaskTimerJob.JOB_NAME, timers::fireDueTimers);
    }
}
