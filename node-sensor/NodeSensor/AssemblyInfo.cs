// Placeholder so the skeleton builds; real sources follow.
namespace KernelTruth.NodeSensor;
