package io.pulsecrm.deploy.testing;

/** A service whose configuration is broken: it says why and exits before it ever listens. */
public final class BrokenService {

    public static final int EXIT_CODE = 7;
    public static final String COMPLAINT = "boom: cannot start, bad configuration";

    private BrokenService() {
    }

    public static void main(String[] args) {
        System.out.println(COMPLAINT);
        System.exit(EXIT_CODE);
    }
}
