package io.pulsecrm.platform.test.indexcheck;

import com.mongodb.event.CommandListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * In every Spring Boot test with pulse-test-support on its class path, the auto-configured MongoDB client reports its
 * commands to the shared {@link QueryRecorder} (the index check). {@code pulse.index-check.record=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnClass({MongoClientSettingsBuilderCustomizer.class, CommandListener.class})
@ConditionalOnProperty(name = "pulse.index-check.record", havingValue = "true", matchIfMissing = true)
public class IndexCheckAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer pulseIndexCheckRecorder() {
        return settings -> settings.addCommandListener(QueryRecorder.shared());
    }
}
