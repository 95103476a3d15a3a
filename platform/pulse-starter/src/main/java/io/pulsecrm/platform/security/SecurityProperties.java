package io.pulsecrm.platform.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call what on this service (docs/identity.md). Token validation itself is Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}.
 *
 * @param publicPaths   path patterns anyone may call without a token (a web form's submissions, a calendar feed
 *                      behind a secret URL)
 * @param adminOnly     operations only admins may call: {@code "POST /api/pipelines/**"}, or a pattern alone for
 *                      every method
 * @param areas         the API areas this service serves and their path patterns: a partner client needs
 *                      {@code <area>:read} to read and {@code <area>:write} to change them
 * @param directoryFile the users directory (teams and managers); without one, managers see only their own records
 * @param directoryRefresh how often the directory file is checked for changes
 * @param repsSeeTeamRecords whether reps also see the records of their team, not only their own
 */
@ConfigurationProperties("pulse.security")
public record SecurityProperties(@DefaultValue List<String> publicPaths,
                                 @DefaultValue List<String> adminOnly,
                                 @DefaultValue Map<String, List<String>> areas,
                                 Path directoryFile,
                                 @DefaultValue("5s") Duration directoryRefresh,
                                 @DefaultValue("false") boolean repsSeeTeamRecords) {
}
