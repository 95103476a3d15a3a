package io.pulsecrm.platform.test.indexcheck;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records, for the MongoDB clients of the code under test, the shape of every query they send and the indexes they
 * declare ({@code createIndexes}). One per test JVM; {@link IndexCheckListener} judges the shapes when the tests end.
 */
public final class QueryRecorder implements CommandListener {

    private static final Logger log = LoggerFactory.getLogger(QueryRecorder.class);
    private static final QueryRecorder SHARED = new QueryRecorder();
    private static final Set<String> QUERIES = Set.of("find", "findAndModify", "count", "distinct", "update", "delete", "aggregate");
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ClassValue<Boolean> TEST_CODE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return location != null && location.getPath().contains("/test-classes/");
        }
    };

    /** Where a shape came from: the innermost Pulse frame, and the service frame that called it when that is platform code. */
    record Origin(String frame, String caller, boolean testCode) {
        @Override
        public String toString() {
            return caller == null ? frame : frame + " ← " + caller;
        }
    }

    /** One shape of one collection: how often it was sent, by which code, first in which test. */
    static final class Recorded {
        final String collection;
        final QueryShape shape;
        final String firstTest;
        final LongAdder count = new LongAdder();
        final Set<String> origins = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        volatile boolean fromCodeUnderTest;

        Recorded(String collection, QueryShape shape, String firstTest) {
            this.collection = collection;
            this.shape = shape;
            this.firstTest = firstTest;
        }
    }

    private final Map<String, Recorded> shapes = new ConcurrentHashMap<>();
    private final Map<String, List<IndexDefinition>> indexes = new ConcurrentHashMap<>();
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile String currentTest = "(before the first test)";

    QueryRecorder() {
    }

    public static QueryRecorder shared() {
        return SHARED;
    }

    void currentTest(String test) {
        currentTest = test;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        try {
            observe(event.getCommandName(), event.getCommand(), QueryRecorder::origin);
        } catch (RuntimeException e) {
            // never fail the code under test because of the check; say once that shapes may be missing
            if (failed.compareAndSet(false, true)) {
                log.warn("Index check could not read a {} command; its shapes are not checked", event.getCommandName(), e);
            }
        }
    }

    /** Records a command: the indexes it declares, or its query shapes with where they came from. */
    void observe(String name, BsonDocument command, Supplier<Origin> origin) {
        if (name.equals("createIndexes")) {
            // by collection alone: a test JVM tests one service, whose replicas some tests run on databases of their own
            String collection = command.getString(name).getValue();
            List<IndexDefinition> declared = indexes.computeIfAbsent(collection, key -> new CopyOnWriteArrayList<>());
            for (IndexDefinition index : CommandShapes.declaredIndexes(command)) {
                if (declared.stream().noneMatch(index::sameKeys)) {
                    declared.add(index);
                }
            }
        } else if (QUERIES.contains(name)) {
            List<CommandShapes.Found> found = CommandShapes.of(name, command);
            if (!found.isEmpty()) {
                record(found, origin.get());
            }
        }
    }

    private void record(List<CommandShapes.Found> found, Origin origin) {
        for (CommandShapes.Found one : found) {
            String key = one.collection() + " " + one.shape().render();
            Recorded recorded = shapes.computeIfAbsent(key, k -> new Recorded(one.collection(), one.shape(), currentTest));
            recorded.count.increment();
            if (origin == null || !origin.testCode()) {
                recorded.fromCodeUnderTest = true;
                if (recorded.origins.size() < 3) {
                    recorded.origins.add(origin == null ? "(no Pulse frame on the stack)" : origin.toString());
                }
            }
        }
    }

    /** The innermost {@code io.pulsecrm} frame (the test support's own aside), and its first non-platform caller. */
    static Origin origin() {
        return STACK.walk(frames -> {
            StackWalker.StackFrame first = null;
            for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String type = frame.getClassName();
                if (!type.startsWith("io.pulsecrm.") || type.startsWith("io.pulsecrm.platform.test.")) {
                    continue;
                }
                if (first == null) {
                    first = frame;
                    if (!type.startsWith("io.pulsecrm.platform.") || TEST_CODE.get(frame.getDeclaringClass())) {
                        return new Origin(describe(frame), null, TEST_CODE.get(frame.getDeclaringClass()));
                    }
                } else if (!type.startsWith("io.pulsecrm.platform.") && !TEST_CODE.get(frame.getDeclaringClass())) {
                    return new Origin(describe(first), describe(frame), false);
                }
            }
            return first == null ? null : new Origin(describe(first), null, false);
        });
    }

    private static String describe(StackWalker.StackFrame frame) {
        return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
    }

    List<Recorded> shapes() {
        return new ArrayList<>(shapes.values());
    }

    /** The indexes declared on a collection, in the order first seen. */
    List<IndexDefinition> indexes(String collection) {
        return List.copyOf(indexes.getOrDefault(collection, List.of()));
    }

    boolean isEmpty() {
        return shapes.isEmpty();
    }
}
