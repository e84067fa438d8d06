using Responses.Server.Storage;

namespace Responses.Tests.Support;

/// <summary>A byte-exact comparison of stored responses: a store must give back exactly the bytes it was given.</summary>
public static class StoredResponseAssert
{
    public static void Same(StoredResponse expected, StoredResponse? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ResponseJson.ToArray(), actual.ResponseJson.ToArray());
        Assert.Equal(expected.InputItemsJson.ToArray(), actual.InputItemsJson.ToArray());
        Assert.Equal(expected.OutputItemsJson.ToArray(), actual.OutputItemsJson.ToArray());
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.ParentId, actual.ParentId);
    }
}
