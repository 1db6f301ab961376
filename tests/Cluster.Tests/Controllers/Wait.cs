namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>Polls a condition of a running host every 100 ms, failing the test with what it waited for after 60 s.</summary>
internal static class Wait
{
    public static async Task For(Func<bool> condition, string what)
    {
        for (int i = 0; i < 600; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"gave up after 60 s waiting for {what}");
    }
}
