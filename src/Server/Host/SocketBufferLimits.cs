using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Responses.Server.Host;

/// <summary>
/// Caps the kernel send buffer of every connection (accepted sockets inherit it from the listening socket).
/// Linux otherwise grows a socket's send buffer up to 4 MB: for a client that stopped reading, that is tens of
/// thousands of tokens generated into the kernel before back-pressure reaches the generation. A token stream needs
/// kilobytes a second, so a small buffer costs nothing.
/// </summary>
internal sealed class SocketBufferLimits(IOptions<ServerOptions> server) : IConfigureOptions<SocketTransportOptions>
{
    public void Configure(SocketTransportOptions options)
    {
        var bytes = server.Value.SocketSendBufferBytes;
        if (bytes <= 0)
        {
            return;
        }

        options.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            if (socket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                socket.SendBufferSize = bytes;
            }

            return socket;
        };
    }
}
