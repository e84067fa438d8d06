using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Responses.Server.Host;

/// <summary>Applies <see cref="ServerOptions.InlineSocketScheduling"/> to Kestrel's socket transport.</summary>
internal sealed class InlineSocketScheduling(IOptions<ServerOptions> server) : IConfigureOptions<SocketTransportOptions>
{
    public void Configure(SocketTransportOptions options) =>
        options.UnsafePreferInlineScheduling = server.Value.InlineSocketScheduling;
}
