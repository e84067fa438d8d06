using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Formatters;
using Responses.Server.Errors;

namespace Responses.Server.Api;

/// <summary>
/// Reads JSON bodies with the API's serializer options and turns every JSON fault into an <see cref="ApiException"/>,
/// so a malformed body meets the same envelope and the same handler as every other client error.
/// </summary>
public sealed class JsonBodyInputFormatter : TextInputFormatter
{
    private readonly JsonSerializerOptions options;

    public JsonBodyInputFormatter(JsonSerializerOptions options)
    {
        this.options = options;
        SupportedEncodings.Add(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        SupportedMediaTypes.Add("application/json");
        SupportedMediaTypes.Add("text/json");
        SupportedMediaTypes.Add("application/*+json");
    }

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context, Encoding encoding)
    {
        object? model;
        try
        {
            model = await JsonSerializer.DeserializeAsync(context.HttpContext.Request.Body, context.ModelType, options, context.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            throw JsonErrorTranslator.Translate(exception);
        }

        return model is null
            ? throw ApiException.InvalidRequest("The request body must be a JSON object, not null.", code: ErrorTypes.InvalidJson)
            : await InputFormatterResult.SuccessAsync(model);
    }
}
