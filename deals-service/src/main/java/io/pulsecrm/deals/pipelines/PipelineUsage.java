package io.pulsecrm.deals.pipelines;

/** How many live deals use a pipeline or a stage; implemented by the deals feature. */
public interface PipelineUsage {

    long dealsInPipeline(String pipelineId);
}
