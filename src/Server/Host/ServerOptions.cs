using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Host;

/// <summary>Where the HTTP server listens. Bound from the "Server" section, --host and --port.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Loopback by default: a local model server should not be reachable from the network unless asked.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary>
    /// Seconds that running generations get to finish at shutdown before they are stopped (their streams then end
    /// with response.failed). The process waits this long plus a few seconds for the last bytes.
    /// </summary>
    [Range(0, 3600)]
    public double ShutdownGraceSeconds { get; set; } = 5;

    /// <summary>
    /// The kernel send buffer of each connection, in bytes (0: the OS default, which grows to megabytes). Small, so
    /// a client that stops reading pauses its generation after a few thousand tokens instead of tens of thousands.
    /// </summary>
    [Range(0, 64 * 1024 * 1024)]
    public int SocketSendBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Whether only this machine can connect (127.0.0.0/8, ::1, localhost).</summary>
    public bool IsLoopback =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(Host, out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>
    /// Kestrel's UnsafePreferInlineScheduling: requests are handled, and responses sent, on the socket I/O threads
    /// instead of being handed to the thread pool, which saves a wake-up per request and per write (the first delta
    /// and a short request's total ~1 ms sooner on a busy 2-core machine). Off by default: rendering a long prompt and
    /// a SQLite store call then block one I/O thread, and so every connection served by it, while they run.
    /// </summary>
    public bool InlineSocketScheduling { get; set; }

    public string Url => $"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
