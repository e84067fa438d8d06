using System.Text.Json.Nodes;

namespace Responses.Tests.Conformance;

/// <summary>The spec as JSON Schema: what our server sends is valid, and each kind of defect is caught and named.</summary>
public sealed class SpecValidatorTests(SpecFixture spec) : IClassFixture<SpecFixture>
{
    [Fact]
    public void A_recorded_Response_is_valid()
    {
        var verdict = spec.Validator.Validate("Response", SpecFixture.Response());

        Assert.True(verdict.IsValid, verdict.ToString());
    }

    [Fact]
    public void Every_recorded_stream_event_is_valid_against_its_types_schema()
    {
        Assert.All(SpecFixture.Stream(), e => Assert.True(spec.Validator.ValidateEvent(e.Data).IsValid, spec.Validator.ValidateEvent(e.Data).ToString()));
    }

    [Theory]
    [InlineData("created_at")]
    [InlineData("usage")]
    [InlineData("output")]
    [InlineData("instructions")]
    public void A_Response_missing_a_required_field_is_invalid_and_the_field_is_named(string field)
    {
        var response = SpecFixture.Response();
        response.Remove(field);

        var verdict = spec.Validator.Validate("Response", response);

        Assert.False(verdict.IsValid);
        Assert.Contains(field, verdict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_fields_take_null_and_their_type_but_nothing_else()
    {
        var response = SpecFixture.Response();
        response["instructions"] = "Be brief.";
        response["usage"] = null;
        Assert.True(spec.Validator.Validate("Response", response).IsValid);

        response["instructions"] = 7;
        Assert.False(spec.Validator.Validate("Response", response).IsValid);

        response["instructions"] = null;
        response["model"] = null;
        Assert.Contains("/model", spec.Validator.Validate("Response", response).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_field_is_refused_where_the_spec_closes_an_object()
    {
        var response = SpecFixture.Response();
        response["surprise"] = true;
        response["output"]![0]!["surprise"] = true;

        var verdict = spec.Validator.Validate("Response", response);

        Assert.False(verdict.IsValid);
        Assert.Contains("surprise", verdict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Output_items_are_checked_against_the_schema_their_type_maps_to()
    {
        var response = SpecFixture.Response();
        response["output"]!.AsArray().Add(JsonNode.Parse("""{"type":"function_call","id":"fc_1","call_id":"c","name":"f","status":"completed"}"""));
        var missingArguments = spec.Validator.Validate("Response", response);
        Assert.Contains("arguments", missingArguments.ToString(), StringComparison.Ordinal);

        response["output"]![1]!["arguments"] = "{}";
        Assert.True(spec.Validator.Validate("Response", response).IsValid);

        response["output"]![1]!["type"] = "telepathy_call";
        Assert.False(spec.Validator.Validate("Response", response).IsValid);
    }

    [Theory]
    [InlineData("""{"detail":"x"}""")]
    [InlineData("""{"error":"bad request"}""")]
    [InlineData("""{"error":{"message":"m","type":"t","code":null}}""")]
    [InlineData("""{"error":{"message":"m","type":"t","param":null,"code":400}}""")]
    [InlineData("""{"error":{"message":"m","type":"t","param":null,"code":null},"status":400}""")]
    public void Error_bodies_outside_OpenAIs_envelope_are_invalid(string body)
    {
        Assert.False(spec.Validator.Validate("ErrorResponse", JsonNode.Parse(body)).IsValid);
    }

    [Fact]
    public void OpenAIs_envelope_is_valid()
    {
        var body = JsonNode.Parse("""{"error":{"message":"Unknown model.","type":"invalid_request_error","param":"model","code":"model_not_found"}}""");

        Assert.True(spec.Validator.Validate("ErrorResponse", body).IsValid);
    }

    [Fact]
    public void An_event_is_checked_against_the_schema_its_type_maps_to()
    {
        Assert.True(spec.Validator.ValidateEvent(JsonNode.Parse("""{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}""")).IsValid);

        var noDelta = spec.Validator.ValidateEvent(JsonNode.Parse("""{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"logprobs":[]}"""));
        Assert.Contains("delta", noDelta.ToString(), StringComparison.Ordinal);

        var unknown = spec.Validator.ValidateEvent(JsonNode.Parse("""{"type":"response.telepathy","sequence_number":4}"""));
        Assert.Contains("not an event type of the spec", unknown.ToString(), StringComparison.Ordinal);

        var noSequence = spec.Validator.ValidateEvent(JsonNode.Parse("""{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}"""));
        Assert.Contains("sequence_number", noSequence.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mapped_event_type_has_a_converted_schema()
    {
        Assert.All(spec.Schemas.Events.Mapping.Values, name => Assert.True(spec.Validator.HasSchema(name), name));
    }
}
