using System.Net;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

public sealed class CreateResponseValidatorTests
{
    private static CreateResponse Valid() => new() { Model = "m", Input = "hi" };

    private static ApiException Rejects(CreateResponse request)
    {
        var error = Assert.Throws<ApiException>(() => CreateResponseValidator.Validate(request));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    [Fact]
    public void A_minimal_request_is_valid()
    {
        CreateResponseValidator.Validate(Valid());
    }

    [Fact]
    public void A_request_at_every_limit_is_valid()
    {
        var request = Valid();
        request.Temperature = 2;
        request.TopP = 0;
        request.MaxOutputTokens = CreateResponseValidator.MinOutputTokens;
        request.Background = false;
        CreateResponseValidator.Validate(request);

        request.Temperature = 0;
        request.TopP = 1;
        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_model(string? model)
    {
        var request = Valid();
        request.Model = model;

        var error = Rejects(request);

        Assert.Equal("model", error.Param);
        Assert.Equal(ErrorTypes.MissingRequiredParameter, error.Code);
        Assert.Equal("Missing required parameter: 'model'.", error.Message);
    }

    [Fact]
    public void Missing_input()
    {
        var request = Valid();
        request.Input = null;

        var error = Rejects(request);

        Assert.Equal("input", error.Param);
        Assert.Equal(ErrorTypes.MissingRequiredParameter, error.Code);
        Assert.Equal("Missing required parameter: 'input'.", error.Message);
    }

    [Fact]
    public void Empty_input_array_without_instructions()
    {
        var request = Valid();
        request.Input = new List<InputItem>();

        var error = Rejects(request);

        Assert.Equal("input", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Contains("empty array", error.Message);
    }

    [Fact]
    public void Empty_input_array_with_instructions_is_valid()
    {
        var request = Valid();
        request.Input = new List<InputItem>();
        request.Instructions = "Say something.";

        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData(-0.01, "below minimum", ">= 0")]
    [InlineData(2.01, "above maximum", "<= 2")]
    [InlineData(double.NaN, "below minimum", ">= 0")]
    public void Temperature_outside_0_to_2(double temperature, string what, string expected)
    {
        var request = Valid();
        request.Temperature = temperature;

        var error = Rejects(request);

        Assert.Equal("temperature", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.StartsWith("Invalid 'temperature': decimal " + what, error.Message);
        Assert.Contains($"Expected a value {expected}", error.Message);
    }

    [Theory]
    [InlineData(-0.5, "below minimum")]
    [InlineData(1.5, "above maximum")]
    public void Top_p_outside_0_to_1(double topP, string what)
    {
        var request = Valid();
        request.TopP = topP;

        var error = Rejects(request);

        Assert.Equal("top_p", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.StartsWith("Invalid 'top_p': decimal " + what, error.Message);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Max_output_tokens_below_16(int max)
    {
        var request = Valid();
        request.MaxOutputTokens = max;

        var error = Rejects(request);

        Assert.Equal("max_output_tokens", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal(
            $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got {max} instead.",
            error.Message);
    }

    [Fact]
    public void Background_with_store_false_is_rejected_naming_store()
    {
        var request = Valid();
        request.Background = true;
        request.Store = false;

        var error = Rejects(request);

        Assert.Equal("store", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.StartsWith("Background mode requires 'store' to be true", error.Message);
    }

    [Fact]
    public void Background_is_accepted_when_stored()
    {
        var request = Valid();
        request.Background = true;

        CreateResponseValidator.Validate(request);
        request.Store = true;
        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData("presence_penalty")]
    [InlineData("frequency_penalty")]
    public void Penalties_of_zero_are_valid(string field)
    {
        var request = Valid();
        SetPenalty(request, field, 0);

        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData("presence_penalty", 2.5, "above maximum", "<= 2")]
    [InlineData("presence_penalty", -2.01, "below minimum", ">= -2")]
    [InlineData("frequency_penalty", 3, "above maximum", "<= 2")]
    [InlineData("frequency_penalty", double.NaN, "below minimum", ">= -2")]
    public void Penalties_outside_minus_2_to_2(string field, double value, string what, string expected)
    {
        var request = Valid();
        SetPenalty(request, field, value);

        var error = Rejects(request);

        Assert.Equal(field, error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.StartsWith($"Invalid '{field}': decimal {what}", error.Message);
        Assert.Contains($"Expected a value {expected}", error.Message);
    }

    [Theory]
    [InlineData("presence_penalty", 0.5)]
    [InlineData("frequency_penalty", -1)]
    [InlineData("frequency_penalty", 2)]
    [InlineData("presence_penalty", -2)]
    public void Penalties_within_minus_2_to_2_are_valid(string field, double value)
    {
        var request = Valid();
        SetPenalty(request, field, value);

        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    public void Top_logprobs_from_0_to_20_is_valid(int value)
    {
        var request = Valid();
        request.TopLogprobs = value;

        CreateResponseValidator.Validate(request);
    }

    [Theory]
    [InlineData(-1, ErrorTypes.InvalidValue, "Invalid 'top_logprobs': integer below minimum value.")]
    [InlineData(21, ErrorTypes.InvalidValue, "Invalid 'top_logprobs': integer above maximum value.")]
    public void Top_logprobs_is_refused_out_of_range(int value, string code, string message)
    {
        var request = Valid();
        request.TopLogprobs = value;

        var error = Rejects(request);

        Assert.Equal("top_logprobs", error.Param);
        Assert.Equal(code, error.Code);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Max_tool_calls_below_1(int max)
    {
        var request = Valid();
        request.MaxToolCalls = max;

        var error = Rejects(request);

        Assert.Equal("max_tool_calls", error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal($"Invalid 'max_tool_calls': integer below minimum value. Expected a value >= 1, but got {max} instead.", error.Message);
    }

    [Fact]
    public void Max_tool_calls_of_1_is_valid()
    {
        var request = Valid();
        request.MaxToolCalls = 1;

        CreateResponseValidator.Validate(request);
    }

    private static void SetPenalty(CreateResponse request, string field, double value)
    {
        if (field == "presence_penalty")
        {
            request.PresencePenalty = value;
        }
        else
        {
            request.FrequencyPenalty = value;
        }
    }

    [Fact]
    public void Model_is_checked_before_input()
    {
        var error = Rejects(new CreateResponse());

        Assert.Equal("model", error.Param);
    }
}
