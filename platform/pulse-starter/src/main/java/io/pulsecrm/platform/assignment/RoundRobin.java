package io.pulsecrm.platform.assignment;

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

/**
 * Whose turn it is: a rotation over a list of people, taken in turn. Each rotation ({@code key}) is a counter in the
 * service's own store moved with an atomic {@code $inc}, so every replica shares it and no two callers get the same
 * turn. The list is given with each call (a team's members, a lead form's chosen users), so a change of the list takes
 * effect at the next turn. A caller that must not take two turns on a retry stores the chosen person before acting on
 * it (a crash between the two can skip one turn, never give one twice).
 */
public class RoundRobin {

    public static final String COLLECTION = "round_robin";

    private final MongoTemplate mongo;
    private final UserDirectory directory;

    public RoundRobin(MongoTemplate mongo, UserDirectory directory) {
        this.mongo = mongo;
        this.directory = directory;
    }

    /** A team's people taking turns: its reps (all its members if it has none) in id order; empty for an unknown team. */
    public List<String> teamMembers(String team) {
        List<Member> members = directory.search(null, team, Role.REP);
        if (members.isEmpty()) {
            members = directory.search(null, team, null);
        }
        return members.stream().map(Member::id).sorted(Comparator.naturalOrder()).toList();
    }

    /** Takes the next turn of rotation {@code key} over {@code members}; null when there is nobody. */
    public String next(String key, List<String> members) {
        if (members.isEmpty()) {
            return null;
        }
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is(key)),
                new Update().inc("turns", 1L),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        long turn = ((Number) counter.get("turns")).longValue();
        return members.get((int) Math.floorMod(turn - 1, (long) members.size()));
    }

    /** Whose turn would come next, without taking it (dry runs). */
    public String peek(String key, List<String> members) {
        if (members.isEmpty()) {
            return null;
        }
        Document counter = mongo.findOne(Query.query(Criteria.where("_id").is(key)), Document.class, COLLECTION);
        long turns = counter == null ? 0 : ((Number) counter.get("turns")).longValue();
        return members.get((int) Math.floorMod(turns, (long) members.size()));
    }
}
