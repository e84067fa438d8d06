using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Responses.Server.Api.WebSockets;

/// <summary>
/// How many bytes a connection has handed to the kernel that the client has not acknowledged yet (Linux's SIOCOUTQ).
/// The server's close frame goes out last: once the kernel holds nothing more for the client, the client has read
/// everything the server wrote, whatever else it does (answer the close or not).
/// </summary>
internal static partial class SocketSendQueue
{
    private const nuint SiocOutQ = 0x5411;

    /// <summary>The bytes still queued, or null where it cannot be known (another OS, another transport).</summary>
    public static int? Unsent(Socket? socket)
    {
        if (socket is null || !OperatingSystem.IsLinux())
            return null;
        try
        {
            return Ioctl((int)socket.Handle, SiocOutQ, out var queued) == 0 ? queued : null;
        }
        catch (ObjectDisposedException)
        {
            return 0; // closed: nothing more will be sent
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int descriptor, nuint request, out int value);
}
