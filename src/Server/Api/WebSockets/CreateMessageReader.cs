using System.Text.Json;
using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// A client message -> the create request it carries, refused in OpenAI's words when it is not one: the same
/// JSON reading (and the same errors, naming the field) as a POST body, plus the message's own <c>type</c>.
/// </summary>
public sealed class CreateMessageReader(IOptions<RequestLimitsOptions> limits)
{
    public const string CreateType = "response.create";

    /// <summary>
    /// Codex's acknowledgement that it processed a response (sent by some versions, behind a flag): it asks for no
    /// answer, and an error frame would land in the stream of the client's next turn.
    /// </summary>
    public const string ProcessedType = "response.processed";

    // The nesting limit of a POST body (Limits:MaxJsonDepth) holds for a message too.
    private readonly JsonSerializerOptions options = ApiJson.CreateReadOptions(limits.Value.MaxJsonDepth);
    private readonly JsonDocumentOptions documentOptions = new() { MaxDepth = limits.Value.MaxJsonDepth };

    /// <returns>The create request, or null for a message that asks for no answer (<see cref="ProcessedType"/>).</returns>
    /// <exception cref="ApiException">400: not a JSON object, no or another type, background, or a body a POST would be refused for.</exception>
    public CreateResponse? Read(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, documentOptions);
        }
        catch (JsonException exception)
        {
            if (JsonErrorTranslator.Translate(exception) is { Code: ErrorTypes.LimitExceeded } tooDeep)
            {
                throw tooDeep;
            }

            throw ApiException.InvalidRequest(
                $"We could not parse the JSON of your message. Each message must be a JSON object. ({exception.Message})", code: ErrorTypes.InvalidJson);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.InvalidRequest("Each message must be a JSON object with a \"type\".", code: ErrorTypes.InvalidJson);
            }

            if (IsAcknowledgement(root))
            {
                return null;
            }

            CheckType(root);
            // A background response outlives its request; on a socket, the response is the connection's to follow.
            if (root.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True)
            {
                throw ApiException.InvalidRequest(
                    "background is not supported on the WebSocket transport: use POST /v1/responses for background responses.",
                    "background",
                    ErrorTypes.UnsupportedValue);
            }

            WebSocketResponseCreateEvent request;
            try
            {
                request = root.Deserialize<WebSocketResponseCreateEvent>(options)!;
            }
            catch (JsonException exception)
            {
                throw JsonErrorTranslator.Translate(exception);
            }

            // stream and stream_options mean nothing here (every response streams); Codex sends them all the same.
            request.Stream = null;
            request.StreamOptions = null;
            return request;
        }
    }

    private static bool IsAcknowledgement(JsonElement root) =>
        root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals(ProcessedType);

    private static void CheckType(JsonElement root)
    {
        if (!root.TryGetProperty("type", out var type))
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'type'.", "type", ErrorTypes.MissingRequiredParameter);
        }

        if (type.ValueKind != JsonValueKind.String || !type.ValueEquals(CreateType))
        {
            throw ApiException.InvalidRequest(
                $"Invalid value for 'type': {type.GetRawText()} is not a message this server accepts; send \"{CreateType}\".",
                "type",
                ErrorTypes.InvalidValue);
        }
    }
}
