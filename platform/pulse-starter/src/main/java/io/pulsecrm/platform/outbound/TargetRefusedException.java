package io.pulsecrm.platform.outbound;

import java.net.UnknownHostException;

/** A target host the guard will not connect to; an {@link UnknownHostException} so HTTP clients treat it as one. */
public class TargetRefusedException extends UnknownHostException {

    public TargetRefusedException(String reason) {
        super(reason);
    }
}
