namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// Work done for a view before it is served: <see cref="MetricsStore.Publish"/> calls each preparer
/// with the new view on the publishing thread, then swaps it in, so no request ever sees a view
/// whose preparation is still to do (the response cache renders its most asked answers here).
/// Data still flows one way: a preparer reads the view and keeps what it made to itself.
/// </summary>
internal interface IPublicationPreparer
{
    /// <summary>Must not throw: a failure to prepare is a cost for the first request, never a lost publication.</summary>
    void Prepare(MetricsView next);
}
