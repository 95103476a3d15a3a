package io.pulsecrm.notification.email;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sends queued emails every {@code pulse.notifications.email.poll-interval} and closes due digests every
 * {@code pulse.notifications.email.digest.poll-interval}, each on one replica at a time.
 */
@Configuration(proxyBeanMethods = false)
class EmailSchedule {

    @Bean
    LeasedJob emailSendingJob(LeasedJobs jobs, EmailJob emails, NotificationsProperties properties) {
        var email = properties.email();
        return jobs.every(email.pollInterval(), EmailJob.JOB_NAME, email.lease(), emails::sendDue);
    }

    @Bean
    LeasedJob emailDigestJob(LeasedJobs jobs, EmailDigests digests, NotificationsProperties properties) {
        var digest = properties.email().digest();
        return jobs.every(digest.pollInterval(), EmailDigests.JOB_NAME, digest.lease(), digests::closeDue);
    }
}
