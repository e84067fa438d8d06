using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Responses.Tests.Integration.Security.Fuzz;

/// <summary>
/// Hostile requests derived from the spec and two valid requests (a Responses one with every kind of item, a tool
/// and the common options; a chat one): each field with every JSON type the spec does not allow, each required field
/// missing, extreme numbers, huge strings, deep nesting, invalid UTF-8, raw and escaped control characters, unknown
/// item, tool and content types, broken JSON, wrong content types and encodings. Drawn with CsCheck from a fixed seed.
/// </summary>
public static class HostileCases
{
    public const string Model = Api.Model;

    private const string Responses = "/v1/responses";
    private const string Chat = "/v1/chat/completions";
    private const string Bad = "@@BAD@@";

    /// <summary>A valid request that touches most of CreateResponse (greedy, 16 tokens, not stored).</summary>
    public static readonly string ResponseSeed = $$$"""
        {"model":"{{{Model}}}","max_output_tokens":16,"temperature":0,"top_p":1,"store":false,"stream":false,
         "instructions":"Be brief.","user":"u","truncation":"disabled","parallel_tool_calls":true,"tool_choice":"auto",
         "metadata":{"k":"v"},"reasoning":{"effort":"low"},"text":{"format":{"type":"text"}},
         "input":[
           {"type":"message","role":"user","content":[{"type":"input_text","text":"What is the weather?"}]},
           {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
           {"type":"function_call_output","call_id":"call_1","output":"sunny"},
           {"role":"user","content":"Thanks."}],
         "tools":[{"type":"function","name":"get_weather","description":"Weather now","strict":false,
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}
        """;

    public static readonly string ChatSeed = $$$$"""
        {"model":"{{{{Model}}}}","max_completion_tokens":16,"temperature":0,"top_p":1,"stream":false,"tool_choice":"auto",
         "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],
         "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}]}
        """;

    private static readonly string[] WrongValues = ["\"wrong\"", "12345", "0.5", "false", "[\"wrong\"]", "{\"wrong\":1}"];

    /// <summary>The fixed cases (every field, every type) and then <paramref name="random"/> drawn ones.</summary>
    public static List<HostileCase> Create(SpecShapes spec, int random, ulong seed)
    {
        var cases = new List<HostileCase>();
        cases.AddRange(FieldCases(spec, Responses, ResponseSeed, "CreateResponse"));
        cases.AddRange(FieldCases(spec, Chat, ChatSeed, "CreateChatCompletionRequest"));
        cases.AddRange(HeaderCases());
        cases.AddRange(UnknownTypeCases());

        var strings = spec.Walk(JsonNode.Parse(ResponseSeed)!, "CreateResponse")
            .Where(node => node.Value is JsonValue v && v.TryGetValue<string>(out _)).Select(node => node.Path).ToArray();
        var gen = Gen.Frequency(
            (3, Gen.Int[0, ResponseSeed.Length - 2].Select(Truncated)),
            (3, Gen.Select(Gen.Int[0, strings.Length - 1], Gen.Int[0, InvalidUtf8.Length - 1], (s, b) => InvalidUtf8Case(strings[s], b))),
            (2, Gen.Select(Gen.Int[0, strings.Length - 1], Gen.Int[0, 31], (s, c) => RawControl(strings[s], c))),
            (1, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 32], (t, c) => EscapedControl(TextPaths[t], c))),
            (2, Gen.Select(Gen.Int[0, strings.Length - 1], Gen.Int[65, 5000], Gen.Bool, (s, depth, arrays) => Deep(strings[s], depth, arrays))),
            (2, Gen.Select(Gen.Int[0, NumberPaths.Length - 1], Gen.Int[0, ExtremeNumbers.Length - 1], (n, e) => Extreme(NumberPaths[n], ExtremeNumbers[e]))),
            (1, Gen.Select(Gen.Int[0, strings.Length - 1], Gen.Int[1_100_000, 3_000_000], (s, length) => Huge(strings[s], length))),
            (2, Gen.Select(Gen.Int[0, Garbage.Length - 1], Gen.Int[0, OutsideStrings.Length - 1], (g, at) => Spliced(Garbage[g], OutsideStrings[at]))));
        var pcg = new PCG(1, seed);
        for (var i = 0; i < random; i++)
            cases.Add(gen.Generate(pcg, null, out _));
        return cases;
    }

    private static readonly string[] TextPaths = ["instructions", "input[0].content[0].text", "input[2].output"];

    private static readonly string[] NumberPaths = ["max_output_tokens", "temperature", "top_p", "top_logprobs", "max_tool_calls"];

    private static readonly string[] ExtremeNumbers =
    [
        "1e400", "-1e400", "1.7976931348623157e308", "-1.7976931348623157e308", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "2147483648", "-2147483649", "99999999999999999999999999999999", "1e-400", "-1", "-0.5",
        "4.9e-324", "1e3000000",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly string[] Garbage = ["}", "]", ",", ":", "'", "/*", "NaN", "\\", "\"", "{{", "undefined", "\u0000"];

    /// <summary>Each field the seed holds, with each JSON type the spec does not allow; each required field missing.</summary>
    private static IEnumerable<HostileCase> FieldCases(SpecShapes spec, string path, string seed, string schema)
    {
        foreach (var (field, value, declared, member) in spec.Walk(JsonNode.Parse(seed)!, schema))
        {
            var allowed = spec.Types(declared);
            if (field.Length > 0 && allowed.Count > 0)
            {
                foreach (var wrong in WrongValues.Where(v => !allowed.Contains(TypeOf(v))))
                    yield return new HostileCase("wrong type", $"{path} {field}={wrong}", path, Replace(seed, field, JsonNode.Parse(wrong)));
            }

            if (value is JsonObject)
            {
                foreach (var required in spec.Required(member))
                {
                    var at = field.Length == 0 ? required : $"{field}.{required}";
                    // Served as OpenAI serves them: a nullable field left out is null; an item's type may be left out
                    // (a message, a chat tool's only type); id and status are required of items in responses, not requests.
                    var optional = spec.Nullable(member, required) || required is "type" or "id" or "status";
                    yield return new HostileCase("missing required", $"{path} {at}", path, Replace(seed, at, null, remove: true), MayBeServed: optional);
                }
            }
        }
    }

    private static IEnumerable<HostileCase> UnknownTypeCases()
    {
        foreach (var (field, type) in new[]
        {
            ("input[0].type", "bogus_item"), ("input[0].content[0].type", "input_bogus"), ("input[0].role", "bogus_role"),
            ("text.format.type", "bogus_format"), ("reasoning.effort", "bogus_effort"), ("truncation", "bogus"),
            ("tool_choice", "bogus_choice"), ("input[1].type", "function_bogus"), ("input[0].content[0].type", ""),
        })
        {
            yield return new HostileCase("unknown type", $"{field}={type}", Responses, Replace(ResponseSeed, field, JsonValue.Create(type)));
        }

        // Tools and tool choices of types the server does not run are accepted and not offered (coding agents send
        // hosted tools every turn; DeclaredToolReader), so these two may be served.
        yield return new HostileCase("unknown type", "tool_choice object", Responses, Replace(ResponseSeed, "tool_choice", JsonNode.Parse("""{"type":"bogus"}""")), MayBeServed: true);
        yield return new HostileCase("unknown type", "tool type", Responses, Replace(ResponseSeed, "tools[0].type", JsonValue.Create("bogus_tool")), MayBeServed: true);
    }

    private static IEnumerable<HostileCase> HeaderCases()
    {
        var body = Encoding.UTF8.GetBytes(ResponseSeed);
        foreach (var type in new[]
        {
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null,
            "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "image/png", "*/*", "application/octet-stream",
        })
        {
            yield return new HostileCase("wrong content type", type ?? "(none)", Responses, body, type);
        }

        foreach (var encoding in new[] { "compress", "x-gzip", "gzip, br", "bogus", "zstd;q=1", "br, br" })
            yield return new HostileCase("wrong encoding", encoding, Responses, body, ContentEncoding: encoding);
        foreach (var encoding in new[] { "gzip", "br", "deflate", "zstd" })
        {
            yield return new HostileCase("wrong encoding", $"{encoding} header, plain body", Responses, body, ContentEncoding: encoding);
            yield return new HostileCase("wrong encoding", $"{encoding}, truncated", Responses, Gzip(body)[..20], ContentEncoding: encoding);
        }

        yield return new HostileCase("wrong encoding", "gzip of a wrong type", Responses, Gzip(Replace(ResponseSeed, "temperature", JsonValue.Create("hot"))), ContentEncoding: "gzip");
        foreach (var text in new[] { "", "null", "[]", "\"text\"", "42", "true", "{}", "{\"model\":null}" })
            yield return new HostileCase("not an object", text.Length == 0 ? "(empty)" : text, Responses, Encoding.UTF8.GetBytes(text));
    }

    private static HostileCase Truncated(int length) =>
        new("broken JSON", $"cut at {length}", Responses, Encoding.UTF8.GetBytes(ResponseSeed[..length]));

    /// <summary>Garbage where only JSON structure may stand (inside a string it would be valid text).</summary>
    private static HostileCase Spliced(string garbage, int at) =>
        new("broken JSON", $"'{garbage}' at {at}", Responses, Encoding.UTF8.GetBytes(ResponseSeed.Insert(at, garbage)));

    /// <summary>The seed's offsets outside string literals.</summary>
    private static readonly int[] OutsideStrings = Offsets(ResponseSeed);

    private static int[] Offsets(string json)
    {
        var offsets = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (!inString)
                offsets.Add(i);
            if (json[i] == '"' && (i == 0 || json[i - 1] != '\\'))
                inString = !inString;
        }

        offsets.Add(json.Length);
        return [.. offsets];
    }

    private static HostileCase InvalidUtf8Case(string field, int which)
    {
        var text = Encoding.UTF8.GetString(Replace(ResponseSeed, field, JsonValue.Create("ab" + Bad + "cd")));
        var at = text.IndexOf(Bad, StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..at]), .. InvalidUtf8[which], .. Encoding.UTF8.GetBytes(text[(at + Bad.Length)..])];
        return new("invalid UTF-8", $"{field} {Convert.ToHexString(InvalidUtf8[which])}", Responses, body);
    }

    private static HostileCase RawControl(string field, int control)
    {
        var text = Encoding.UTF8.GetString(Replace(ResponseSeed, field, JsonValue.Create("ab" + Bad + "cd")));
        return new("raw control character", $"{field} U+{control:X4}", Responses, Encoding.UTF8.GetBytes(text.Replace(Bad, ((char)control).ToString(), StringComparison.Ordinal)));
    }

    /// <summary>Valid JSON: an escaped control character (NUL included) in text the model reads. A 200 is right.</summary>
    private static HostileCase EscapedControl(string field, int control)
    {
        var c = control == 32 ? '\u007f' : (char)control;
        return new("escaped control character", $"{field} U+{(int)c:X4}", Responses, Replace(ResponseSeed, field, JsonValue.Create($"ab{c}cd{c}")), MayBeServed: true);
    }

    private static HostileCase Deep(string field, int depth, bool arrays)
    {
        var (open, close) = arrays ? ("[", "]") : ("{\"a\":", "}");
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var text = Encoding.UTF8.GetString(Replace(ResponseSeed, field, JsonValue.Create(Bad)));
        return new("deep nesting", $"{field} depth {depth}", Responses, Encoding.UTF8.GetBytes(text.Replace($"\"{Bad}\"", nested, StringComparison.Ordinal)));
    }

    /// <summary>Out of range or of type, except the tiny ones (1e-400 is 0), which are valid temperatures and top_p.</summary>
    private static HostileCase Extreme(string field, string number)
    {
        var text = Encoding.UTF8.GetString(Replace(ResponseSeed, field, JsonValue.Create(Bad)));
        var tiny = number is "1e-400" or "4.9e-324" && field is "temperature" or "top_p";
        return new("extreme number", $"{field}={number}", Responses, Encoding.UTF8.GetBytes(text.Replace($"\"{Bad}\"", number, StringComparison.Ordinal)), MayBeServed: tiny);
    }

    /// <summary>A string beyond the fuzz server's 1 MiB body limit: 413 before it is parsed.</summary>
    private static HostileCase Huge(string field, int length) =>
        new("huge string", $"{field} {length} chars", Responses, Replace(ResponseSeed, field, JsonValue.Create(new string('x', length))));

    private static string TypeOf(string json) => JsonNode.Parse(json)!.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Number => json.Contains('.', StringComparison.Ordinal) ? "number" : "integer",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        System.Text.Json.JsonValueKind.Array => "array",
        _ => "object",
    };

    /// <summary>The seed with the node at <paramref name="path"/> ("a.b[0].c") replaced or removed.</summary>
    private static byte[] Replace(string seed, string path, JsonNode? value, bool remove = false)
    {
        var root = JsonNode.Parse(seed)!;
        var steps = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        foreach (var step in steps[..^1])
            node = step.StartsWith('[') ? node[int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[step]!;
        var last = steps[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else if (remove)
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node[last] = value;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }
}
