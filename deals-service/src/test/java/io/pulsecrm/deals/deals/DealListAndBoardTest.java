package io.pulsecrm.deals.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DealListAndBoardTest extends DealsApiTestBase {

    @Test
    void theBoardShowsCountAmountAndAPageOfCardsPerStageWithFilters() {
        JsonNode pipeline = createSalesPipeline("Board");
        String p = pipeline.get("id").asString();
        String qualified = stageId(pipeline, "Qualified");
        createDeal(p, "{\"title\":\"A\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"ann\",\"amount\":100,\"currency\":\"EUR\",\"expectedCloseDate\":\"2027-01-10\"}");
        createDeal(p, "{\"title\":\"B\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"ann\",\"amount\":50.25,\"currency\":\"EUR\",\"expectedCloseDate\":\"2027-02-10\"}");
        createDeal(p, "{\"title\":\"C\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"ben\",\"amount\":7,\"currency\":\"USD\"}");
        createDeal(p, "{\"title\":\"D\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"ben\",\"stageId\":\"" + qualified + "\"}");

        awaitStatistics();
        // totals come from the statistics, which follow the deals' events: equal once the last one is applied
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode board = api.get("/api/deals/board?pipelineId=" + p + "&cards=2").json();
            JsonNode lead = board.get("stages").get(0);
            assertThat(lead.get("name").asString()).isEqualTo("Lead");
            assertThat(lead.get("count").asLong()).isEqualTo(3);
            assertThat(lead.at("/amount/EUR").decimalValue()).isEqualByComparingTo("150.25");
            assertThat(lead.at("/amount/USD").decimalValue()).isEqualByComparingTo("7");
            assertThat(lead.get("cards").size()).isEqualTo(2);
            assertThat(titles(lead.get("cards"))).containsExactly("A", "B");
            assertThat(lead.get("nextCursor").isNull()).isFalse();
            assertThat(board.at("/stages/1/count").asLong()).isEqualTo(1);
            assertThat(board.at("/stages/1/amount").size()).isZero();
            assertThat(titles(board.at("/stages/1/cards"))).containsExactly("D");
            assertThat(board.at("/stages/1/nextCursor").isNull()).isTrue();
            // the next cards of a stage come from the list with the same filter and the card cursor
            JsonNode more = api.get("/api/deals?pipelineId=" + p + "&stageId=" + lead.get("stageId").asString()
                    + "&limit=2&cursor=" + lead.get("nextCursor").asString()).json();
            assertThat(more.get("items").size()).isEqualTo(1);
            assertThat(more.at("/items/0/title").asString()).isEqualTo("C");

            JsonNode anns = api.get("/api/deals/board?pipelineId=" + p + "&ownerId=ann").json();
            assertThat(anns.at("/stages/0/count").asLong()).isEqualTo(2);
            assertThat(titles(anns.at("/stages/0/cards"))).containsExactly("A", "B");
            JsonNode january = api.get("/api/deals/board?pipelineId=" + p + "&closeFrom=2027-01-01&closeTo=2027-01-31").json();
            assertThat(january.at("/stages/0/count").asLong()).isEqualTo(1);
            assertThat(january.at("/stages/0/amount/EUR").decimalValue()).isEqualByComparingTo("100");
            assertThat(titles(january.at("/stages/0/cards"))).containsExactly("A");
            JsonNode fromMidJanuary = api.get("/api/deals/board?pipelineId=" + p + "&closeFrom=2027-01-10&closeTo=2027-02-09").json();
            assertThat(fromMidJanuary.at("/stages/0/count").asLong()).isEqualTo(1);
            assertThat(titles(fromMidJanuary.at("/stages/0/cards"))).containsExactly("A");
        });

        assertThat(api.get("/api/deals/board?pipelineId=nope").status()).isEqualTo(404);
        assertProblem(api.get("/api/deals/board"), 400, "");
        assertProblem(api.get("/api/deals/board?pipelineId=" + p + "&closeFrom=2027-02-01&closeTo=2027-01-01"), 400, "");
    }

    @Test
    void listsFilterSortAndPageWithACursorAndShowDealsPerContactAndCompany() {
        JsonNode pipeline = createSalesPipeline("Lists");
        String p = pipeline.get("id").asString();
        String[] amounts = {"30", "10", null, "20", "10", null, "5"};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            String amount = amounts[i] == null ? "" : ",\"amount\":" + amounts[i] + ",\"currency\":\"USD\"";
            String contact = i % 2 == 0 ? ",\"contacts\":[{\"contactId\":\"lists-contact\",\"role\":\"champion\"}]" : "";
            String company = i < 3 ? ",\"companyId\":\"lists-company\"" : "";
            ids.add(createDeal(p, "{\"title\":\"L" + i + "\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"o\"" + amount + contact + company + "}")
                    .get("id").asString());
        }

        assertThat(titles(pageThrough("/api/deals?pipelineId=" + p + "&sort=amount", 2)))
                .containsExactly("L2", "L5", "L6", "L1", "L4", "L3", "L0");
        assertThat(titles(pageThrough("/api/deals?pipelineId=" + p + "&sort=-amount", 3)))
                .containsExactly("L0", "L3", "L4", "L1", "L6", "L5", "L2");
        assertThat(ids(pageThrough("/api/deals?pipelineId=" + p, 3))).containsExactlyElementsOf(ids);
        assertThat(ids(pageThrough("/api/deals?pipelineId=" + p + "&sort=-createdAt", 4))).containsExactlyElementsOf(ids.reversed());

        assertThat(titles(pageThrough("/api/deals?contactId=lists-contact&pipelineId=" + p, 10))).containsExactly("L0", "L2", "L4", "L6");
        assertThat(titles(pageThrough("/api/deals?companyId=lists-company", 10))).containsExactly("L0", "L1", "L2");
        assertThat(pageThrough("/api/deals?pipelineId=" + p + "&status=won", 10)).isEmpty();
        // a cursor is bound to its sort
        String cursor = api.get("/api/deals?pipelineId=" + p + "&sort=amount&limit=1").json().get("nextCursor").asString();
        assertProblem(api.get("/api/deals?pipelineId=" + p + "&sort=expectedCloseDate&cursor=" + cursor), 400, "");
    }

    private List<JsonNode> pageThrough(String path, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(limit);
            page.json().get("items").forEach(items::add);
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
        } while (cursor != null && ++pages < 100);
        return items;
    }

    private static List<String> titles(JsonNode cards) {
        return cards.valueStream().map(i -> i.get("title").asString()).toList();
    }

    private static List<String> titles(List<JsonNode> items) {
        return items.stream().map(i -> i.get("title").asString()).toList();
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.get("id").asString()).toList();
    }
}
