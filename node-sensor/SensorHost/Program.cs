using KernelTruth.NodeSensor.Host;

return SensorCommand.Create().Parse(args).Invoke();
