package dev.verdict.core.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a function is configured with, read once from the environment variables that template.yaml sets.
 * This is the only class that knows their names; the template test checks each one is set for every function.
 *
 * @param contentTable   tools, comparisons, reviews, aggregates
 * @param votesTable     one item per (voter, tool)
 * @param subscribersTable newsletter subscribers
 * @param rateLimitTable fixed-window counters that expire by TTL
 * @param allowedOrigin  the site's origin, for CORS
 * @param signingKey     off AWS only: the signing-key secret's text itself (never logged)
 * @param signingSecretId on AWS: the Secrets Manager secret holding the signing keys, for the functions that sign
 * @param siteUrl        public URL of the site, for links in mail
 * @param region         AWS region (Lambda sets AWS_REGION)
 * @param dynamoEndpoint only off AWS: DynamoDB Local or LocalStack
 * @param voteChanges    how often one vote may change (in its own item's condition; optional, generous defaults)
 * @param voters         creating voters: where spent challenges and recent voters per network prefix are kept, and the
 *                       proof of work asked (only the voters function needs it)
 * @param dataDir        only off AWS: the local stack's data directory (DATA_DIR), home of the mail outbox
 * @param mail           how and as whom confirmation messages are sent (only the mailer function needs it)
 */
public record ServiceConfig(
        String contentTable,
        String votesTable,
        String subscribersTable,
        String rateLimitTable,
        String allowedOrigin,
        Optional<String> signingKey,
        Optional<String> signingSecretId,
        String siteUrl,
        String region,
        Optional<URI> dynamoEndpoint,
        VoteChangeLimit voteChanges,
        Voters voters,
        Optional<java.nio.file.Path> dataDir,
        Mail mail) {

    public static final String CONTENT_TABLE = "CONTENT_TABLE";
    public static final String VOTES_TABLE = "VOTES_TABLE";
    public static final String SUBSCRIBERS_TABLE = "SUBSCRIBERS_TABLE";
    public static final String RATE_LIMIT_TABLE = "RATE_LIMIT_TABLE";
    public static final String ALLOWED_ORIGIN = "ALLOWED_ORIGIN";
    /** Off AWS only: the signing keys' text (see SigningKeys), standing in for the secret SIGNING_SECRET_ID names. */
    public static final String SIGNING_KEY = "SIGNING_KEY";
    /** The Secrets Manager secret (name or ARN) the functions that sign read their keys from at INIT. */
    public static final String SIGNING_SECRET_ID = "SIGNING_SECRET_ID";
    public static final String SITE_URL = "SITE_URL";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    public static final String VOTE_CHANGE_INTERVAL_SECONDS = "VOTE_CHANGE_INTERVAL_SECONDS";
    public static final String VOTERS_TABLE = "VOTERS_TABLE";
    public static final String VOTER_PROOF_DIFFICULTY = "VOTER_PROOF_DIFFICULTY";
    public static final String VOTER_PROOF_MAX_DIFFICULTY = "VOTER_PROOF_MAX_DIFFICULTY";
    public static final String VOTERS_PER_PREFIX_AT_BASE = "VOTERS_PER_PREFIX_AT_BASE";
    public static final String DATA_DIR = "DATA_DIR";
    /** {@code ses} (Amazon SES v2, the default) or {@code outbox} (one .eml file per message under DATA_DIR/outbox). */
    public static final String MAIL_SENDER = "MAIL_SENDER";
    public static final String SENDER_ADDRESS = "SENDER_ADDRESS";
    public static final String MAIL_CONFIGURATION_SET = "MAIL_CONFIGURATION_SET";
    /** Base of the links in mail; blank means SITE_URL (the site's CDN forwards /subscriptions/* to the API). */
    public static final String LINK_BASE_URL = "LINK_BASE_URL";
    /** The SQS queue that records confirmations refused for good; blank locally (a directory under DATA_DIR). */
    public static final String MAIL_FAILURE_QUEUE_URL = "MAIL_FAILURE_QUEUE_URL";

    /**
     * Mail settings.
     *
     * @param sender           {@code ses} or {@code outbox}
     * @param fromAddress      the verified sender (SES identity), as in the From header
     * @param configurationSet SES configuration set (event publishing, suppression), if any
     * @param linkBaseUrl      where the confirm and unsubscribe links in a message point
     * @param failureQueueUrl  where a message refused for good is recorded (SQS); empty: DATA_DIR/mail-failures
     */
    public record Mail(String sender, String fromAddress, Optional<String> configurationSet, String linkBaseUrl,
                       Optional<String> failureQueueUrl) {
        public Mail {
            if (!sender.equals("ses") && !sender.equals("outbox")) {
                throw new IllegalArgumentException(MAIL_SENDER + " must be 'ses' or 'outbox'");
            }
        }
    }

    /**
     * How often one vote (a voter's verdict on one tool) may be written: once per {@code intervalSeconds}. The limit
     * lives in the vote item's own condition (the time of its last write is kept in the item), so a vote stays one
     * DynamoDB request and nothing keyed on an address is involved. Two seconds: a person changing their mind waits at
     * most that (the page retries by itself), a script flipping a vote is held to one write per interval.
     */
    public record VoteChangeLimit(int intervalSeconds) {
        public static final VoteChangeLimit DEFAULT = new VoteChangeLimit(2);

        public VoteChangeLimit {
            if (intervalSeconds < 1) {
                throw new IllegalArgumentException(VOTE_CHANGE_INTERVAL_SECONDS + " must be positive");
            }
        }
    }

    /**
     * Creating voters (POST /voters): the proof of work asked, and where what creating voters leaves behind is kept.
     *
     * @param table            spent challenges and recent voters per network prefix (empty where no function creates voters)
     * @param difficulty       leading zero bits asked of a network prefix that created few voters recently
     * @param maxDifficulty    the most ever asked, however busy the prefix: what a visitor on a busy network still solves
     * @param perPrefixAtBase  voters a prefix may create in an hour at {@code difficulty}; every doubling beyond adds a bit
     */
    public record Voters(Optional<String> table, int difficulty, int maxDifficulty, int perPrefixAtBase) {
        public static final Voters DEFAULT = new Voters(Optional.empty(), 16, 21, 8);

        public Voters {
            if (difficulty < 1 || maxDifficulty < difficulty || maxDifficulty > 32 || perPrefixAtBase < 1) {
                throw new IllegalArgumentException(VOTER_PROOF_DIFFICULTY + " must be at least 1 and at most "
                        + VOTER_PROOF_MAX_DIFFICULTY + ", which is at most 32; " + VOTERS_PER_PREFIX_AT_BASE + " positive");
            }
        }

        /** The table, which a function that creates voters cannot do without. */
        public String requireTable() {
            return table.orElseThrow(() -> new IllegalStateException("missing configuration: " + VOTERS_TABLE));
        }
    }

    /** Variables every function must be given (AWS_REGION comes from Lambda itself). */
    public static final List<String> REQUIRED = List.of(
            CONTENT_TABLE, VOTES_TABLE, SUBSCRIBERS_TABLE, RATE_LIMIT_TABLE, ALLOWED_ORIGIN, SITE_URL);

    /**
     * Reads the configuration through {@code lookup}, which answers an environment variable's name with its value
     * (or null). Missing required variables are reported together so a misconfigured function fails at INIT, once.
     */
    public static ServiceConfig from(Function<String, String> lookup) {
        var missing = REQUIRED.stream().filter(name -> blank(lookup.apply(name))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing configuration: " + String.join(", ", missing));
        }
        String region = Optional.ofNullable(lookup.apply(AWS_REGION)).filter(r -> !r.isBlank()).orElse("us-east-1");
        Optional<URI> endpoint = Optional.ofNullable(lookup.apply(DYNAMODB_ENDPOINT)).filter(e -> !e.isBlank()).map(URI::create);
        return new ServiceConfig(
                lookup.apply(CONTENT_TABLE), lookup.apply(VOTES_TABLE), lookup.apply(SUBSCRIBERS_TABLE),
                lookup.apply(RATE_LIMIT_TABLE), lookup.apply(ALLOWED_ORIGIN), optional(lookup, SIGNING_KEY),
                optional(lookup, SIGNING_SECRET_ID), lookup.apply(SITE_URL), region, endpoint,
                new VoteChangeLimit(positive(lookup, VOTE_CHANGE_INTERVAL_SECONDS, VoteChangeLimit.DEFAULT.intervalSeconds())),
                new Voters(
                        optional(lookup, VOTERS_TABLE),
                        positive(lookup, VOTER_PROOF_DIFFICULTY, Voters.DEFAULT.difficulty()),
                        positive(lookup, VOTER_PROOF_MAX_DIFFICULTY, Voters.DEFAULT.maxDifficulty()),
                        positive(lookup, VOTERS_PER_PREFIX_AT_BASE, Voters.DEFAULT.perPrefixAtBase())),
                optional(lookup, DATA_DIR).map(java.nio.file.Path::of),
                new Mail(
                        optional(lookup, MAIL_SENDER).orElse("ses"),
                        optional(lookup, SENDER_ADDRESS).orElse("verdicts@verdicts.example"),
                        optional(lookup, MAIL_CONFIGURATION_SET),
                        optional(lookup, LINK_BASE_URL).orElse(lookup.apply(SITE_URL)),
                        optional(lookup, MAIL_FAILURE_QUEUE_URL)));
    }

    private static Optional<String> optional(Function<String, String> lookup, String name) {
        return Optional.ofNullable(lookup.apply(name)).filter(value -> !value.isBlank());
    }

    private static int positive(Function<String, String> lookup, String name, int fallback) {
        String value = lookup.apply(name);
        if (blank(value)) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a positive whole number");
    }

    /**
     * The Micronaut property an environment variable becomes ({@code CONTENT_TABLE} → {@code content.table}).
     * The local stack and tests pass configuration under these names, so handlers see it exactly as on Lambda.
     */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** An environment (variable → value) as the Micronaut properties a handler's context is built with. */
    public static java.util.Map<String, Object> asProperties(java.util.Map<String, String> environment) {
        java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();
        environment.forEach((name, value) -> properties.put(propertyName(name), value));
        return properties;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "ServiceConfig[contentTable=" + contentTable + ", votesTable=" + votesTable + ", subscribersTable="
                + subscribersTable + ", rateLimitTable=" + rateLimitTable + ", allowedOrigin=" + allowedOrigin
                + ", signingSecretId=" + signingSecretId + ", siteUrl=" + siteUrl + ", region=" + region + ", dynamoEndpoint=" + dynamoEndpoint + ", voteChanges=" + voteChanges
                + ", voters=" + voters
                + ", dataDir=" + dataDir + ", mail=" + mail + "]";
    }
}
