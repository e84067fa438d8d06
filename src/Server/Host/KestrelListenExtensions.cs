using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Responses.Server.Host;

/// <summary>Points Kestrel at ServerOptions' host and port.</summary>
public static class KestrelListenExtensions
{
    public static void Listen(this KestrelServerOptions kestrel, ServerOptions server)
    {
        if (server.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(server.Port);
        }
        else if (server.Host is "*" or "0.0.0.0" or "::")
        {
            kestrel.ListenAnyIP(server.Port);
        }
        else if (IPAddress.TryParse(server.Host, out var address))
        {
            kestrel.Listen(address, server.Port);
        }
        else
        {
            throw new InvalidOperationException($"--host must be an IP address, 'localhost' or '*'; got '{server.Host}'.");
        }
    }
}
