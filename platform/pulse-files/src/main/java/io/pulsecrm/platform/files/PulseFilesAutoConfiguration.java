package io.pulsecrm.platform.files;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A service that depends on pulse-files gets a {@link FileStore} in its own database, the upload guard, problem+json
 * for refused uploads and multipart requests (off everywhere else on the platform) bounded by {@code pulse.files.max-size}.
 */
@AutoConfiguration(after = DataMongoAutoConfiguration.class)
@ConditionalOnClass(MongoTemplate.class)
@EnableConfigurationProperties(FilesProperties.class)
public class PulseFilesAutoConfiguration {

    /** Multipart framing around the file: boundaries, part headers, a short name field. */
    static final long MULTIPART_OVERHEAD_BYTES = 64 * 1024;
    /** Parts above this go to a temporary file while the request is parsed, not to the heap. */
    static final int IN_MEMORY_PART_BYTES = 64 * 1024;

    @Bean
    @ConditionalOnMissingBean
    UploadGuard uploadGuard(FilesProperties properties) {
        return new UploadGuard(properties.allowedTypes());
    }

    @Bean
    @ConditionalOnMissingBean(FileStore.class)
    @ConditionalOnBean(MongoTemplate.class)
    FileStore gridFsFileStore(MongoTemplate mongo, FilesProperties properties, UploadGuard guard) {
        return switch (properties.store()) {
            case GRIDFS -> new GridFsFileStore(mongo.getDb(), properties, guard);
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    static class Uploads {

        @Bean
        FileProblems fileProblems(FilesProperties properties) {
            return new FileProblems(properties);
        }

        @Bean
        @ConditionalOnMissingBean
        MultipartConfigElement multipartConfigElement(FilesProperties properties) {
            long max = properties.maxSize().toBytes();
            return new MultipartConfigElement(null, max, max + MULTIPART_OVERHEAD_BYTES, IN_MEMORY_PART_BYTES);
        }

        /** Lazy: a multipart body sent to any other operation stays a plain 415, never parsed. */
        @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
        @ConditionalOnMissingBean(MultipartResolver.class)
        StandardServletMultipartResolver multipartResolver() {
            StandardServletMultipartResolver resolver = new StandardServletMultipartResolver();
            resolver.setResolveLazily(true);
            return resolver;
        }
    }
}
