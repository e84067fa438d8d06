using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Hosting;

/// <summary>Where the HTTP server listens. Bound from the "Server" section, --host and --port.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Loopback by default: a local model server should not be reachable from the network unless asked.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 8000;

    public string Url => $"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
