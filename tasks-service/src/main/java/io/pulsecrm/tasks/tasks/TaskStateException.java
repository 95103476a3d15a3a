package io.pulsecrm.tasks.tasks;

/** The change is not allowed in the task's current status (e.g. completing a cancelled task): answered as 409. */
public class TaskStateException extends RuntimeException {

    public TaskStateException(String message) {
        super(message);
    }
}
