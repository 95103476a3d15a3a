package io.pulsecrm.deals.pipelines;

import java.util.Arrays;
import java.util.List;

/** Deal fields a stage may require before a deal enters it; names as in the deal API. */
public enum DealField {
    AMOUNT("amount"),
    EXPECTED_CLOSE_DATE("expectedCloseDate"),
    COMPANY("companyId"),
    CONTACTS("contacts"),
    SOURCE("source");

    private final String jsonName;

    DealField(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(DealField::jsonName).toList();
    }
}
