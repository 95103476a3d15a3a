package io.pulsecrm.automation.actions;

import java.util.Comparator;
import java.util.List;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.identity.UserDirectory;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Whose turn it is in a team: the team's reps (all its members if it has none) in id order, taken in turn. The
 * pointer is a counter in Mongo moved with an atomic {@code $inc}, so every replica shares it and no two runs get
 * the same turn. Each rule action has its own rotation. The chosen member is stored in the step's input before the
 * task is created, so retrying the step never takes another turn (a crash between the two can skip one).
 */
@Component
public class RoundRobin {

    static final String COLLECTION = "round_robin";

    private final MongoTemplate mongo;
    private final UserDirectory directory;

    RoundRobin(MongoTemplate mongo, io.pulsecrm.platform.security.Visibility visibility) {
        this.mongo = mongo;
        this.directory = visibility.directory();
    }

    /** The members taking turns, in order; empty for an unknown or empty team. */
    public List<String> members(String team) {
        List<Member> members = directory.search(null, team, Role.REP);
        if (members.isEmpty()) {
            members = directory.search(null, team, null);
        }
        return members.stream().map(Member::id).sorted(Comparator.naturalOrder()).toList();
    }

    /** Takes the next turn of the rotation {@code key}; null when the team has nobody. */
    public String next(String key, String team) {
        List<String> members = members(team);
        if (members.isEmpty()) {
            return null;
        }
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(key)),
                new Update().inc("turns", 1L).set("team", team),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        long turn = ((Number) counter.get("turns")).longValue();
        return members.get((int) Math.floorMod(turn - 1, (long) members.size()));
    }

    /** Whose turn would come next, without taking it (dry runs). */
    public String peek(String key, String team) {
        List<String> members = members(team);
        if (members.isEmpty()) {
            return null;
        }
        Document counter = mongo.findOne(Query.query(Criteria.where("_id").is(key)), Document.class, COLLECTION);
        long turns = counter == null ? 0 : ((Number) counter.get("turns")).longValue();
        return members.get((int) Math.floorMod(turns, (long) members.size()));
    }
}
