package io.pulsecrm.automation.actions;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.pulsecrm.automation.conditions.Condition;
import io.pulsecrm.automation.conditions.FieldPath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** One step of a rule's action list, as rule JSON names it by {@code type}. Parsed by {@link ActionParser}. */
public sealed interface Action {

    String type();

    /** The rule JSON of this action (normalised). */
    JsonNode toJson();

    /** {@code {"type": "create_task", "title", "taskType", "description", "dueIn": "P2D", "priority", "assignee"}} */
    record CreateTask(Template title, String taskType, Template description, Duration dueIn, String priority,
                      Recipient assignee) implements Action {
        public String type() {
            return "create_task";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.put("title", title.text());
            json.put("taskType", taskType);
            if (description != null) {
                json.put("description", description.text());
            }
            if (dueIn != null) {
                json.put("dueIn", dueIn.toString());
            }
            if (priority != null) {
                json.put("priority", priority);
            }
            json.set("assignee", assignee.toJson());
            return json;
        }
    }

    /**
     * {@code {"type": "create_deal", "name": "{{contact.firstName}}: demo", "pipelineId", "stageId", "amount": "1500",
     * "currency": "EUR", "owner": {"type": "round_robin", "team": "east"}}}: opens a deal in deals-service linked to the
     * triggering contact (as decision maker, with its company) or company. {@code amount} is a decimal string.
     */
    record CreateDeal(Template name, String pipelineId, String stageId, String amount, String currency, Recipient owner)
            implements Action {
        public String type() {
            return "create_deal";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.put("name", name.text());
            json.put("pipelineId", pipelineId);
            if (stageId != null) {
                json.put("stageId", stageId);
            }
            if (amount != null) {
                json.put("amount", amount);
                json.put("currency", currency);
            }
            json.set("owner", owner.toJson());
            return json;
        }
    }

    /** {@code {"type": "notify", "recipients": [...], "channels": ["in_app", "email"], "title", "body"}} */
    record Notify(List<Recipient> recipients, List<String> channels, Template title, Template body) implements Action {
        public String type() {
            return "notify";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            recipients.forEach(r -> json.withArray("recipients").add(r.toJson()));
            channels.forEach(json.withArray("channels")::add);
            json.put("title", title.text());
            if (body != null) {
                json.put("body", body.text());
            }
            return json;
        }
    }

    /** {@code {"type": "update_field", "field": "lifecycleStage", "value": "customer"}}; text values are templates. */
    record UpdateField(FieldPath field, JsonNode value) implements Action {
        public String type() {
            return "update_field";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.put("field", field.text());
            json.set("value", value);
            return json;
        }
    }

    /** {@code {"type": "move_stage", "stageId": "..."}}: deals only. */
    record MoveStage(String stageId) implements Action {
        public String type() {
            return "move_stage";
        }

        public JsonNode toJson() {
            return base(this).put("stageId", stageId);
        }
    }

    /** {@code {"type": "change_owner", "owner": {"type": "round_robin", "team": "east"}}} */
    record ChangeOwner(Recipient owner) implements Action {
        public String type() {
            return "change_owner";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.set("owner", owner.toJson());
            return json;
        }
    }

    /** {@code {"type": "add_tag", "tag": "vip"}}: contacts only. */
    record AddTag(String tag) implements Action {
        public String type() {
            return "add_tag";
        }

        public JsonNode toJson() {
            return base(this).put("tag", tag);
        }
    }

    /** {@code {"type": "webhook", "url": "https://..."}}: POSTs the run, the event and the record as JSON. */
    record CallWebhook(URI url) implements Action {
        public String type() {
            return "webhook";
        }

        public JsonNode toJson() {
            return base(this).put("url", url.toString());
        }
    }

    /** {@code {"type": "wait", "duration": "P2D"}}: durable, the run is parked until then. */
    record Wait(Duration duration) implements Action {
        public String type() {
            return "wait";
        }

        public JsonNode toJson() {
            return base(this).put("duration", duration.toString());
        }
    }

    /**
     * {@code {"type": "wait_until", "condition": {...}, "timeout": "P3D", "checkEvery": "PT5M", "onTimeout": "continue|stop"}}:
     * re-evaluated (with the current record) until it holds or the timeout passes.
     */
    record WaitUntil(Condition condition, Duration timeout, Duration checkEvery, boolean stopOnTimeout) implements Action {
        public String type() {
            return "wait_until";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.set("condition", condition.toJson());
            json.put("timeout", timeout.toString());
            if (checkEvery != null) {
                json.put("checkEvery", checkEvery.toString());
            }
            json.put("onTimeout", stopOnTimeout ? "stop" : "continue");
            return json;
        }
    }

    /** {@code {"type": "branch", "if": {...}, "then": [...], "else": [...]}} */
    record Branch(Condition condition, List<Action> then, List<Action> otherwise) implements Action {
        public String type() {
            return "branch";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            json.set("if", condition.toJson());
            json.putArray("then");
            then.forEach(a -> json.withArray("then").add(a.toJson()));
            json.putArray("else");
            otherwise.forEach(a -> json.withArray("else").add(a.toJson()));
            return json;
        }
    }

    /** {@code {"type": "stop", "reason": "..."}}: ends the run here. */
    record Stop(String reason) implements Action {
        public String type() {
            return "stop";
        }

        public JsonNode toJson() {
            ObjectNode json = base(this);
            if (reason != null) {
                json.put("reason", reason);
            }
            return json;
        }
    }

    private static ObjectNode base(Action action) {
        return JsonNodeFactory.instance.objectNode().put("type", action.type());
    }
}
