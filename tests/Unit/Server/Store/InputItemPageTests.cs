using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Storage;

namespace Responses.Tests.Unit.Server.Store;

public sealed class InputItemPageTests
{
    private static readonly List<ItemResource> Items =
        ItemResources.Of(Enumerable.Range(1, 5).Select(i => new EasyInputMessage { Id = $"msg_{i}", Role = EasyInputMessageRole.User, Content = $"{i}" }));

    private static string[] Ids(ResponseItemList page) => [.. page.Data.Select(item => item.Id)];

    [Fact]
    public void Defaults_are_newest_first_and_twenty()
    {
        var page = InputItemPage.Of(Items, limit: null, order: null, after: null);

        Assert.Equal(["msg_5", "msg_4", "msg_3", "msg_2", "msg_1"], Ids(page));
        Assert.Equal("msg_5", page.FirstId);
        Assert.Equal("msg_1", page.LastId);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void After_continues_in_the_chosen_order()
    {
        var page = InputItemPage.Of(Items, limit: 2, ListOrder.Asc, after: "msg_2");

        Assert.Equal(["msg_3", "msg_4"], Ids(page));
        Assert.True(page.HasMore);
        Assert.Equal(["msg_3", "msg_2"], Ids(InputItemPage.Of(Items, 2, ListOrder.Desc, "msg_4")));
    }

    [Fact]
    public void The_last_page_has_no_more_and_an_empty_page_empty_ids()
    {
        var last = InputItemPage.Of(Items, 2, ListOrder.Asc, "msg_3");
        Assert.Equal(["msg_4", "msg_5"], Ids(last));
        Assert.False(last.HasMore);

        var empty = InputItemPage.Of(Items, 2, ListOrder.Asc, "msg_5");
        Assert.Empty(empty.Data);
        Assert.Equal("", empty.FirstId);
        Assert.Equal("", empty.LastId);
        Assert.False(empty.HasMore);
    }

    [Theory]
    [InlineData(0, null, "limit")]
    [InlineData(101, null, "limit")]
    [InlineData(20, "msg_9", "after")]
    public void Bad_limits_and_unknown_cursors_name_their_parameter(int limit, string? after, string param)
    {
        var error = Assert.Throws<ApiException>(() => InputItemPage.Of(Items, limit, null, after));

        Assert.Equal(param, error.Param);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }
}
