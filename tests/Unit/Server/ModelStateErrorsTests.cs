using System.Net;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Responses.Server.Api;
using Responses.Server.Errors;

namespace Responses.Tests.Unit.Server;

public sealed class ModelStateErrorsTests
{
    private static ApiException Map(params (string Key, string Message)[] errors)
    {
        var state = new ModelStateDictionary();
        foreach (var (key, message) in errors)
        {
            state.AddModelError(key, message);
        }

        var error = ModelStateErrors.ToApiException(state);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, error.Type);
        return error;
    }

    [Theory]
    [InlineData("$.temperature", "temperature")]
    [InlineData("body.temperature", "temperature")]
    [InlineData("temperature", "temperature")]
    [InlineData("$.input[0].content", "input[0].content")]
    public void Key_becomes_param(string key, string param)
    {
        var error = Map((key, "The value is out of range."));

        Assert.Equal(param, error.Param);
        Assert.Equal(ErrorTypes.InvalidValue, error.Code);
        Assert.Equal($"Invalid value for '{param}': The value is out of range.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("body")]
    [InlineData("Body")]
    public void Error_on_the_body_itself_is_invalid_json_without_param(string key)
    {
        var error = Map((key, "A non-empty request body is required."));

        Assert.Null(error.Param);
        Assert.Equal(ErrorTypes.InvalidJson, error.Code);
        Assert.Contains("A non-empty request body is required.", error.Message);
    }

    [Fact]
    public void Required_field_is_missing_required_parameter()
    {
        var error = Map(("$.model", "The model field is required."));

        Assert.Equal("model", error.Param);
        Assert.Equal(ErrorTypes.MissingRequiredParameter, error.Code);
        Assert.Equal("Missing required parameter: 'model'.", error.Message);
    }

    [Fact]
    public void First_field_with_errors_wins()
    {
        var state = new ModelStateDictionary();
        state.SetModelValue("model", "m", "m");
        state.AddModelError("top_p", "first");
        state.AddModelError("temperature", "second");

        var error = ModelStateErrors.ToApiException(state);

        Assert.Equal("top_p", error.Param);
    }

    [Fact]
    public void Exception_message_is_used_when_the_error_has_none()
    {
        var state = new ModelStateDictionary();
        state.TryAddModelException("$.stream", new FormatException("Not a boolean."));

        var error = ModelStateErrors.ToApiException(state);

        Assert.Equal("stream", error.Param);
        Assert.Equal("Invalid value for 'stream': Not a boolean.", error.Message);
    }

    [Fact]
    public void No_errors_is_a_generic_invalid_request()
    {
        var error = ModelStateErrors.ToApiException(new ModelStateDictionary());

        Assert.Equal("The request is invalid.", error.Message);
        Assert.Null(error.Param);
    }
}
