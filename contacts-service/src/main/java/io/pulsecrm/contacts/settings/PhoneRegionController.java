package io.pulsecrm.contacts.settings;

import java.util.List;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Default phone regions. {@code /api/settings/phone-region}: everyone reads the organisation's (forms show it); admins
 * change it ({@code pulse.security.admin-only}). {@code /api/settings/phone-region/mine}: each person reads the region
 * their own numbers default to, and may choose their own or go back to the organisation's.
 */
@RestController
class PhoneRegionController {

    /** @param region ISO 3166-1 alpha-2, e.g. RU; @param source "setting" (an admin chose it) or "configuration" */
    record PhoneRegion(String region, String source) {
    }

    /**
     * @param region the region a person's numbers default to
     * @param source "user" (their own choice), "setting" (the organisation's) or "configuration"
     * @param own their own choice, null when they follow the organisation's
     */
    record PersonalPhoneRegion(String region, String source, String own) {
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
        PhoneRegions.Effective organisation = regions.defaultFor(null);
        return new PhoneRegion(organisation.region(), organisation.source());
    }

    @PutMapping(path = "/api/settings/phone-region", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PhoneRegion setPhoneRegion(@RequestBody PhoneRegionRequest request) {
        String region = regions.checked(request == null ? null : request.region(), "region");
        regions.set(region, CurrentCaller.get().actor());
        return new PhoneRegion(region, "setting");
    }

    @GetMapping(path = "/api/settings/phone-region/mine", produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalPhoneRegion myPhoneRegion() {
        return personal(person());
    }

    @PutMapping(path = "/api/settings/phone-region/mine", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalPhoneRegion setMyPhoneRegion(@RequestBody PhoneRegionRequest request) {
        String person = person();
        regions.setPersonal(person, regions.checked(request == null ? null : request.region(), "region"));
        return personal(person);
    }

    /** Back to the organisation's default. */
    @DeleteMapping(path = "/api/settings/phone-region/mine", produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalPhoneRegion clearMyPhoneRegion() {
        String person = person();
        regions.clearPersonal(person);
        return personal(person);
    }

    private PersonalPhoneRegion personal(String person) {
        PhoneRegions.Effective effective = regions.defaultFor(person);
        return new PersonalPhoneRegion(effective.region(), effective.source(), "user".equals(effective.source()) ? effective.region() : null);
    }

    /** Partner clients have no person whose default this could be. */
    private static String person() {
        Caller caller = CurrentCaller.get();
        if (!caller.isUser()) {
            throw new InvalidRequestException("a personal phone region belongs to a signed-in person, not to a client application",
                    List.of());
        }
        return caller.id();
    }
}
