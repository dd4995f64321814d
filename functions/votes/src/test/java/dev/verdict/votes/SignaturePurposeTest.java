package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One signing key signs cursors and voter cookies; what it signs for one purpose is refused for the other. A voter
 * cookie is an id and its signature, so if purposes were not kept apart, a value signed as a listing cursor would be a
 * valid voter for anyone who got the service to sign it.
 */
class SignaturePurposeTest {

    static final String SLUG = "aider-vs-continue";
    /** The purpose CursorCodec signs listing cursors for. */
    static final String CURSOR_PURPOSE = "cursor";
    static final String VOTER_PURPOSE = "voter";
    static final String VOTER_ID = "AbCdEfGhIjKlMnOpQrStUv";

    static TestTables tables;
    static VotesHandler handler;
    static Signer signer;

    @BeforeAll
    static void start() {
        tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
                .load(CatalogueReader.fromClasspath()));
        handler = new VotesHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VotesFunction", Map.of()))));
        // The key the function signs with; a signature names its key id, if the key has one, either way.
        signer = new Signer(TestTables.SIGNING_KEY);
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    @Test
    void refusesAValueSignedAsACursorWhenItIsPresentedAsAVoterCookie() {
        String signedAsCursor = "vid=" + VOTER_ID + "." + signer.sign(CURSOR_PURPOSE, VOTER_ID);
        String signedAsVoter = "vid=" + VOTER_ID + "." + signer.sign(VOTER_PURPOSE, VOTER_ID);

        var refused = vote("aider", signedAsCursor);
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(VoteWorld.json(refused).get("type").asText()).endsWith("/problems/voter-required");
        assertThat(votesOf(VOTER_ID)).as("nothing recorded for the voter a cursor signature names").isEmpty();
        assertThat(refused.getCookies() == null ? java.util.List.<String>of() : refused.getCookies())
                .noneMatch(cookie -> cookie.startsWith(signedAsCursor));

        // The same id signed for voters is that voter: the purpose alone made the difference.
        var accepted = vote("continue", signedAsVoter);
        assertThat(accepted.getStatusCode()).isEqualTo(200);
        assertThat(votesOf(VOTER_ID)).singleElement()
                .satisfies(item -> assertThat(item.get("toolId").s()).isEqualTo("continue"));
    }

    static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse vote(String toolId, String cookie) {
        return HttpEvents.request("PUT", VotesApi.PATH).path("slug", SLUG).path("toolId", toolId)
                .sourceIp("198.51.100.23").cookie(cookie).jsonBody("{\"verdict\":\"ship\"}").sendTo(handler);
    }

    static java.util.List<Map<String, AttributeValue>> votesOf(String voterId) {
        return tables.client().query(b -> b.tableName(tables.table("VotesTable"))
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("VOTER#" + voterId)))).items();
    }
}
