using System.Text;
using System.Text.Json;

namespace Responses.Server.Host.OpenApi;

/// <summary>
/// spec/openapi.yaml as built into this assembly, and the same document as JSON (converted once, at first use), so
/// what /openapi.yaml and /openapi.json serve is the spec the server was generated from.
/// </summary>
public sealed class SpecDocument
{
    private const string ResourceName = "openapi.yaml";

    private readonly Lazy<byte[]> json;

    public SpecDocument()
    {
        using var stream = typeof(SpecDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The spec ({ResourceName}) is not embedded in {typeof(SpecDocument).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Yaml = copy.ToArray();
        json = new Lazy<byte[]>(() =>
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(Yaml));
            return JsonSerializer.SerializeToUtf8Bytes(YamlToJson.Convert(reader));
        });
    }

    public byte[] Yaml { get; }

    public byte[] Json => json.Value;
}
