package io.pulsecrm.contacts.settings;

import io.pulsecrm.platform.security.CurrentCaller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/settings/phone-region}: everyone reads the organisation's default phone region (forms and the import
 * wizard show it); admins change it ({@code pulse.security.admin-only}).
 */
@RestController
class PhoneRegionController {

    /** @param region ISO 3166-1 alpha-2, e.g. RU; @param source "setting" (an admin chose it) or "configuration" */
    record PhoneRegion(String region, String source) {
    }

    /** @param region ISO 3166-1 alpha-2 region with a numbering plan, e.g. RU */
    record PhoneRegionRequest(String region) {
    }

    private final PhoneRegions regions;

    PhoneRegionController(PhoneRegions regions) {
        this.regions = regions;
    }

    @GetMapping(path = "/api/settings/phone-region", produces = MediaType.APPLICATION_JSON_VALUE)
    PhoneRegion phoneRegion() {
        return new PhoneRegion(regions.organisationDefault(), regions.isSet() ? "setting" : "configuration");
    }

    @PutMapping(path = "/api/settings/phone-region", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PhoneRegion setPhoneRegion(@RequestBody PhoneRegionRequest request) {
        String region = regions.checked(request == null ? null : request.region(), "region");
        regions.set(region, CurrentCaller.get().actor());
        return new PhoneRegion(region, "setting");
    }
}
