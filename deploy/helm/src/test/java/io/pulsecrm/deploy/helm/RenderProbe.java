package io.pulsecrm.deploy.helm;

class RenderProbe {
    public static void main(String[] args) {
        System.out.println(RenderedChart.render(args).yaml());
    }
}
