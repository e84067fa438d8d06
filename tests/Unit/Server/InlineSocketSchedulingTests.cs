using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using Responses.Server.Host;

namespace Responses.Tests.Unit.Server;

public sealed class InlineSocketSchedulingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_option_sets_Kestrels_inline_scheduling(bool inline)
    {
        var transport = new SocketTransportOptions();

        new InlineSocketScheduling(Options.Create(new ServerOptions { InlineSocketScheduling = inline })).Configure(transport);

        Assert.Equal(inline, transport.UnsafePreferInlineScheduling);
    }

    [Fact]
    public void It_is_off_by_default() => Assert.False(new ServerOptions().InlineSocketScheduling);
}
