package io.pulsecrm.automation.rules;

/** What rule validation needs to know about people: the users directory, or anything standing in for it. */
public interface RulePeople {

    boolean isUser(String userId);

    boolean isTeam(String teamId);

    /** The user's team, null when they have none or are unknown. */
    String teamOf(String userId);

    /** Anyone and any team exists: for tools (the bench) that only evaluate rules. */
    RulePeople ANYONE = new RulePeople() {
        @Override
        public boolean isUser(String userId) {
            return userId != null && !userId.isBlank();
        }

        @Override
        public boolean isTeam(String teamId) {
            return teamId != null && !teamId.isBlank();
        }

        @Override
        public String teamOf(String userId) {
            return null;
        }
    };
}
