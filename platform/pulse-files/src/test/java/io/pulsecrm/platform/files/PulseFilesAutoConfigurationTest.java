package io.pulsecrm.platform.files;

import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestInfrastructure;
import jakarta.servlet.MultipartConfigElement;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;

import static org.assertj.core.api.Assertions.assertThat;

@PulseInfrastructure
class PulseFilesAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
                    PulseFilesAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri("pulse-files-config"));

    @Test
    void aServiceGetsAGridFsStoreAndBoundedLazyMultipart() {
        runner.withPropertyValues("pulse.files.max-size=2MB").run(context -> {
            assertThat(context).hasSingleBean(FileStore.class).hasSingleBean(FileProblems.class);
            assertThat(context.getBean(FileStore.class)).isInstanceOf(GridFsFileStore.class);
            MultipartConfigElement multipart = context.getBean(MultipartConfigElement.class);
            assertThat(multipart.getMaxFileSize()).isEqualTo(2 * 1024 * 1024);
            assertThat(multipart.getMaxRequestSize()).isGreaterThan(multipart.getMaxFileSize());
            assertThat(context.getBean("multipartResolver")).isInstanceOf(StandardServletMultipartResolver.class);
            assertThat(context.getBean(FilesProperties.class).allowedTypes()).contains("application/pdf")
                    .doesNotContain("text/html", "image/svg+xml");
        });
    }

    @Test
    void anUnknownStoreOrABadLimitStopsTheStart() {
        runner.withPropertyValues("pulse.files.store=s3").run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("pulse.files.max-size=0").run(context -> assertThat(context).hasFailed());
    }
}
