package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fn::ForEach as CloudFormation's AWS::LanguageExtensions transform expands it, read from YAML as the template is. */
class LanguageExtensionsTest {

    @TempDir
    Path dir;

    SamTemplate load(String yaml) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return SamTemplate.load(file);
    }

    @Test
    void aLoopBecomesOneCopyOfItsFragmentPerValueWithThePlaceholderReplacedInKeysAndStrings() throws Exception {
        SamTemplate template = load("""
                Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                  Fn::ForEach::Alarms:
                    - Name
                    - [Reads, Votes]
                    - ${Name}Alarm:
                        Type: AWS::CloudWatch::Alarm
                        Properties:
                          AlarmDescription: '${Name}Function failed.'
                          Dimensions: [{Name: FunctionName, Value: !Ref '${Name}Function'}]
                          Label: !Sub '&{Name}-${AWS::Region}'
                """);

        assertThat(template.resources()).containsOnlyKeys("Topic", "ReadsAlarm", "VotesAlarm");
        Map<String, Object> votes = SamTemplate.map(SamTemplate.map(template.resources().get("VotesAlarm")).get("Properties"));
        assertThat(votes.get("AlarmDescription")).isEqualTo("VotesFunction failed.");
        assertThat(SamTemplate.map(SamTemplate.list(votes.get("Dimensions")).getFirst()).get("Value"))
                .isEqualTo(Map.of("Ref", "VotesFunction"));
        // Only the loop's own identifier is replaced: CloudFormation's ${AWS::Region} is left for Fn::Sub.
        assertThat(votes.get("Label")).isEqualTo(Map.of("Fn::Sub", "Votes-${AWS::Region}"));
    }

    @Test
    void loopsNest() throws Exception {
        SamTemplate template = load("""
                Transform: AWS::LanguageExtensions
                Resources:
                  Fn::ForEach::Functions:
                    - Fn
                    - [A, B]
                    - Fn::ForEach::Metrics:
                        - Metric
                        - [Errors, Throttles]
                        - ${Fn}${Metric}:
                            Type: AWS::CloudWatch::Alarm
                            Properties: {MetricName: '${Metric}', Function: '${Fn}'}
                """);

        assertThat(template.resources()).containsOnlyKeys("AErrors", "AThrottles", "BErrors", "BThrottles");
        assertThat(SamTemplate.map(SamTemplate.map(template.resources().get("BThrottles")).get("Properties")))
                .containsEntry("MetricName", "Throttles").containsEntry("Function", "B");
    }

    @Test
    void refusesALoopWithoutTheTransformAndALoopWhoseOutputRepeatsAResource() throws Exception {
        assertThatThrownBy(() -> load("""
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn::ForEach::Alarms: [Name, [A], {'${Name}Alarm': {Type: AWS::CloudWatch::Alarm}}]
                """)).hasMessageContaining("AWS::LanguageExtensions");
        assertThatThrownBy(() -> load("""
                Transform: AWS::LanguageExtensions
                Resources:
                  AAlarm: {Type: AWS::SNS::Topic}
                  Fn::ForEach::Alarms: [Name, [A], {'${Name}Alarm': {Type: AWS::CloudWatch::Alarm}}]
                """)).hasMessageContaining("AAlarm twice");
    }

    @Test
    void theProjectTemplatesLoopsGiveEveryFunctionItsAlarmsAndLogGroup() {
        SamTemplate template = SamTemplate.load(SamTemplate.locate());

        assertThat(template.resources().keySet()).noneMatch(id -> id.startsWith("Fn::ForEach"));
        for (FunctionSpec function : template.functions()) {
            String name = function.logicalId().replaceFirst("Function$", "");
            assertThat(template.resources()).containsKeys(name + "ErrorsAlarm", name + "ThrottlesAlarm", name + "Logs");
        }
    }
}
