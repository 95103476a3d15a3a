package io.pulsecrm.notification.webhooks;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sends due webhook deliveries every {@code pulse.notifications.webhooks.poll-interval}, on one replica at a time. */
@Configuration(proxyBeanMethods = false)
class WebhookDeliverySchedule {

    @Bean
    LeasedJob webhookDeliveryJob(LeasedJobs jobs, WebhookDispatcher dispatcher, NotificationsProperties properties) {
        var webhooks = properties.webhooks();
        return jobs.every(webhooks.pollInterval(), WebhookDispatcher.JOB_NAME, webhooks.lease(), dispatcher::dispatchPass);
    }
}
