using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Security;

/// <summary>Compressed bodies, the body limit on decompressed bytes, and the per-request limits, each named in its error.</summary>
public sealed class RequestBodyTests(RequestBodyTests.SmallLimitsServer server) : IClassFixture<RequestBodyTests.SmallLimitsServer>
{
    private const int MaxBodyBytes = 64 * 1024;

    private static readonly string Body = $$"""{"model":"{{Api.Model}}","input":"Say hi.","max_output_tokens":16,"temperature":0,"store":false}""";

    public static TheoryData<string> Encodings() => ["gzip", "br", "deflate", "zstd", "GZIP"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_compressed_body_is_served(string encoding)
    {
        using var response = await server.Client.SendAsync(Post(Compress(Encoding.UTF8.GetBytes(Body), encoding), encoding));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("response", (string?)JsonNode.Parse(text)!["object"]);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_compression_bomb_is_413_after_the_limit_not_after_decompressing_it_all(string encoding)
    {
        // 8 MiB of spaces before valid JSON compresses to a few kilobytes; only the first 64 KiB may be decompressed.
        var bomb = new byte[8 * 1024 * 1024];
        bomb.AsSpan().Fill((byte)' ');
        Encoding.UTF8.GetBytes(Body).CopyTo(bomb, bomb.Length - Encoding.UTF8.GetByteCount(Body));
        var compressed = Compress(bomb, encoding);
        Assert.True(compressed.Length < MaxBodyBytes, $"{compressed.Length} bytes compressed");

        using var response = await server.Client.SendAsync(Post(compressed, encoding));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", null);
        Assert.Contains($"at most {MaxBodyBytes} bytes (after decompression), set by Limits:MaxRequestBodyBytes", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_body_over_the_limit_is_413_whether_its_length_is_declared_or_not()
    {
        var big = $$"""{"model":"{{Api.Model}}","input":"{{new string('x', MaxBodyBytes)}}"}""";
        using (var declared = await server.Client.PostResponseAsync(big))
        {
            await Api.AssertErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "request_too_large", null);
        }

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(chunked);
        await Api.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large", null);
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("x-zip")]
    [InlineData("gzip, br")]
    [InlineData("gzip, gzip")]
    public async Task An_unknown_or_stacked_encoding_is_415_in_the_envelope(string encoding)
    {
        using var request = Post(Encoding.UTF8.GetBytes(Body), null);
        request.Content!.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        using var response = await server.Client.SendAsync(request);

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_content_encoding", null);
        Assert.Contains("gzip, br, deflate, zstd", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("zstd")]
    public async Task A_body_that_is_not_what_its_encoding_says_is_400(string encoding)
    {
        using var response = await server.Client.SendAsync(Post(Encoding.UTF8.GetBytes("this is not compressed at all, " + Body), encoding));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_json", null);
        Assert.Contains("could not be decompressed", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_input_items_is_400_naming_the_limit()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"role":"user","content":"x"}""", 9));
        using var response = await server.Client.PostResponseAsync($$$"""{"model":"{{{Api.Model}}}","input":[{{{items}}}]}""");

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "limit_exceeded", "input");
        Assert.Contains("9 input items", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains("at most 8, set by Limits:MaxInputItems", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_input_items_to_compact_is_400_naming_the_limit()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"role":"user","content":"x"}""", 9));
        using var response = await server.Client.PostAsync(
            "/v1/responses/compact", Api.Json($$$"""{"model":"{{{Api.Model}}}","input":[{{{items}}}]}"""));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "limit_exceeded", "input");
        Assert.Contains("at most 8, set by Limits:MaxInputItems", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_400_naming_the_part_and_the_limit()
    {
        var data = Convert.ToBase64String(new byte[2048]);
        using var response = await server.Client.PostResponseAsync(
            $$$"""{"model":"{{{Api.Model}}}","input":[{"role":"user","content":[{"type":"input_text","text":"Read."},{"type":"input_file","filename":"big.txt","file_data":"data:text/plain;base64,{{{data}}}"}]}]}""");

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "limit_exceeded", "input[0].content[1]");
        Assert.Contains("at most 1024, set by Limits:MaxFileBytes", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_tools_is_400_naming_the_limit_for_responses_and_chat()
    {
        var tools = string.Join(",", Enumerable.Range(0, 5).Select(i => $$$"""{"type":"function","name":"f{{{i}}}","parameters":{"type":"object"}}"""));
        using (var response = await server.Client.PostResponseAsync($$$"""{"model":"{{{Api.Model}}}","input":"hi","tools":[{{{tools}}}]}"""))
        {
            var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "limit_exceeded", "tools");
            Assert.Contains("at most 4, set by Limits:MaxTools", (string)error["message"]!, StringComparison.Ordinal);
        }

        var chatTools = string.Join(",", Enumerable.Range(0, 5).Select(i => $$$"""{"type":"function","function":{"name":"f{{{i}}}"}}"""));
        using var chat = await server.Client.PostAsync(
            "/v1/chat/completions", Api.Json($$$"""{"model":"{{{Api.Model}}}","messages":[{"role":"user","content":"hi"}],"tools":[{{{chatTools}}}]}"""));
        await Api.AssertErrorAsync(chat, HttpStatusCode.BadRequest, "limit_exceeded", "tools");
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_400_naming_the_limit()
    {
        var deep = new string('[', 40) + new string(']', 40);
        using var response = await server.Client.PostResponseAsync(
            $$$"""{"model":"{{{Api.Model}}}","input":"hi","tools":[{"type":"function","name":"f","parameters":{"type":"object","x":{{{deep}}}}}]}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal("limit_exceeded", (string?)error["code"]);
        Assert.Contains("at most 32 levels of objects and arrays, set by Limits:MaxJsonDepth", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_over_a_websocket_is_an_error_frame_naming_the_limit()
    {
        var deep = new string('[', 40) + new string(']', 40);
        await using var socket = await WebSockets.ResponsesSocket.ConnectAsync(server.Factory);

        await socket.SendAsync(WebSockets.ResponsesSocket.Create(
            $$$"""{"model":"{{{Api.Model}}}","input":"hi","max_output_tokens":16,"store":false,"tools":[{"type":"function","name":"f","parameters":{"type":"object","x":{{{deep}}}}}]}"""));

        var frame = await socket.ReceiveJsonAsync();
        Assert.Equal("error", (string?)frame["type"]);
        Assert.Equal("limit_exceeded", (string?)frame["error"]!["code"]);
        Assert.Contains("at most 32 levels of objects and arrays, set by Limits:MaxJsonDepth", (string)frame["error"]!["message"]!, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(byte[] body, string? encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = content };
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        if (encoding == "zstd")
        {
            using var compressor = new ZstdSharp.Compressor();
            return compressor.Wrap(data).ToArray();
        }

        using var output = new MemoryStream();
        using (Stream stream = encoding.ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.SmallestSize),
            "br" => new BrotliStream(output, CompressionLevel.Optimal), // its smallest size takes a second for 8 MiB
            _ => new ZLibStream(output, CompressionLevel.SmallestSize),
        })
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A server with small limits, so each one is reached with a small request.</summary>
    public sealed class SmallLimitsServer : IDisposable
    {
        public SmallLimitsServer()
        {
            Client = Factory.CreateClient();
        }

        public ResponsesServerFactory Factory { get; } = new()
        {
            Settings = new Dictionary<string, string>
            {
                ["Limits:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Limits:MaxInputItems"] = "8",
                ["Limits:MaxTools"] = "4",
                ["Limits:MaxFileBytes"] = "1024",
                ["Limits:MaxJsonDepth"] = "32",
            },
        };

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            Factory.Dispose();
        }
    }
}
